package dev.starling.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.engagement.Engagement.Change;
import dev.starling.testing.AggregateTestKit;
import java.time.Instant;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngagementTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static final long USER = 7;
  private static final long TWEET = 100;
  private EventSourcedBehaviorTestKit<Engagement.Command, Engagement.Event, Engagement.State> pair;

  @BeforeEach
  void setUp() {
    pair =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Engagement.create(
                Engagement.entityId(USER, TWEET), "engagement-0", RetentionCriteria.disabled()));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          Engagement.Command, Engagement.Event, Engagement.State, Outcome<Change>>
      run(Function<ActorRef<Outcome<Change>>, Engagement.Command> command) {
    return pair.runCommand(command);
  }

  @Test
  void likeIsRecordedOnceWithANewVersion() {
    var first = run(r -> new Engagement.Like(USER, TWEET, AT, r));
    assertEquals(new Engagement.Liked(USER, TWEET, 1, AT), first.event());
    assertEquals(
        Outcome.accepted(new Change(USER, TWEET, true, null, false, 1, true, AT)), first.reply());

    var again = run(r -> new Engagement.Like(USER, TWEET, AT, r));
    assertTrue(again.hasNoEvents());
    assertEquals(
        Outcome.accepted(new Change(USER, TWEET, true, null, false, 1, false, AT)), again.reply());
  }

  @Test
  void unlikeWithoutALikeChangesNothing() {
    var result = run(r -> new Engagement.Unlike(USER, TWEET, AT, r));
    assertTrue(result.hasNoEvents());
    assertEquals(
        Outcome.accepted(new Change(USER, TWEET, false, null, false, 0, false, AT)),
        result.reply());
  }

  @Test
  void unlikeAfterLikeEndsIt() {
    run(r -> new Engagement.Like(USER, TWEET, AT, r));
    var result = run(r -> new Engagement.Unlike(USER, TWEET, AT, r));
    assertEquals(new Engagement.Unliked(USER, TWEET, 2, AT), result.event());
  }

  @Test
  void aUserHasAtMostOneRetweetOfATweet() {
    var first = run(r -> new Engagement.Retweet(USER, TWEET, 555, AT, r));
    assertEquals(new Engagement.Retweeted(USER, TWEET, 555, 1, AT), first.event());

    var second = run(r -> new Engagement.Retweet(USER, TWEET, 556, AT, r));
    assertTrue(second.hasNoEvents());
    assertEquals(
        Outcome.accepted(new Change(USER, TWEET, false, 555L, true, 1, false, AT)), second.reply());
  }

  @Test
  void undoingARetweetNamesTheRetweetAndAllowsANewOne() {
    run(r -> new Engagement.Retweet(USER, TWEET, 555, AT, r));
    var undone = run(r -> new Engagement.UndoRetweet(USER, TWEET, AT, r));
    assertEquals(new Engagement.RetweetUndone(USER, TWEET, 555, 2, AT), undone.event());
    assertEquals(
        Outcome.accepted(new Change(USER, TWEET, false, 555L, false, 2, true, AT)), undone.reply());

    assertTrue(run(r -> new Engagement.UndoRetweet(USER, TWEET, AT, r)).hasNoEvents());
    var again = run(r -> new Engagement.Retweet(USER, TWEET, 556, AT, r));
    assertEquals(new Engagement.Retweeted(USER, TWEET, 556, 3, AT), again.event());
  }

  @Test
  void likesAndRetweetsShareOneVersionSequence() {
    run(r -> new Engagement.Like(USER, TWEET, AT, r));
    run(r -> new Engagement.Retweet(USER, TWEET, 555, AT, r));
    assertEquals(new Engagement.State(2, true, 555L), pair.restart().state());
  }
}
