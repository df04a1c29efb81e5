package dev.starling.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.starling.common.Outcome;
import dev.starling.testing.AggregateTestKit;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The trace a {@link TracedAggregate} hands to the journal with each event is the trace of the
 * command that persisted it: not a previous command's (one that persisted nothing, or was traced
 * while this one is not), also when the command waited in the entity's stash while the one before
 * it was persisting. The in-memory journal stores what the aggregate hands over, so the wrapper the
 * node's journal unwraps is visible here.
 */
class TracedAggregateTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.persistence.testkit.events.serialize = off")
              .withFallback(AggregateTestKit.config()));
  private static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
  private static final TraceParent FIRST =
      new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "");
  private static final TraceParent SECOND =
      new TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "ro=1");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Tweet.Post post(ActorRef<Outcome<TweetData>> replyTo) {
    return new Tweet.Post(7L, "hello", Visibility.PUBLIC, null, null, null, NOW, replyTo);
  }

  private static Tweet.Delete delete(ActorRef<Outcome<TweetData>> replyTo) {
    return new Tweet.Delete(7L, NOW, replyTo);
  }

  private static List<Object> stored(String tweetId) {
    return journal.persistedInStorage("Tweet|" + tweetId);
  }

  @Test
  void anEventCarriesTheTraceOfItsOwnCommandOnly() {
    var tweet = testKit.spawn(Tweet.create("3001", "tweet-1", RetentionCriteria.disabled()));
    TestProbe<Outcome<TweetData>> replies = testKit.createTestProbe();
    TestProbe<Optional<TweetData>> gets = testKit.createTestProbe();

    untyped(tweet).tell(new TracedCommand(FIRST, post(replies.ref())));
    replies.receiveMessage();
    // traced, persisting nothing: its trace must not stay for the next command's event
    untyped(tweet).tell(new TracedCommand(SECOND, new Tweet.Get(gets.ref())));
    assertTrue(gets.receiveMessage().isPresent());
    tweet.tell(delete(replies.ref()));
    replies.receiveMessage();

    var events = stored("3001");
    assertEquals(2, events.size(), events::toString);
    var posted = assertInstanceOf(TracedEvent.class, events.get(0));
    assertInstanceOf(Tweet.Posted.class, posted.event());
    assertEquals(FIRST, posted.trace());
    assertInstanceOf(Tweet.Deleted.class, events.get(1), "an untraced command's event is bare");
  }

  @Test
  void aCommandStashedWhileTheOneBeforePersistsKeepsItsOwnTrace() {
    var tweet = testKit.spawn(Tweet.create("3002", "tweet-1", RetentionCriteria.disabled()));
    TestProbe<Outcome<TweetData>> replies = testKit.createTestProbe();
    // sent back to back: the delete arrives while the post is being persisted and waits
    tweet.tell(post(replies.ref()));
    untyped(tweet).tell(new TracedCommand(SECOND, delete(replies.ref())));
    replies.receiveSeveralMessages(2);

    var events = stored("3002");
    assertEquals(2, events.size(), events::toString);
    assertInstanceOf(Tweet.Posted.class, events.get(0));
    var deleted = assertInstanceOf(TracedEvent.class, events.get(1));
    assertInstanceOf(Tweet.Deleted.class, deleted.event());
    assertEquals(SECOND, deleted.trace());
  }

  @Test
  void anEntityRecoversFromEventsStoredWithTheirTrace() {
    TestProbe<Outcome<TweetData>> replies = testKit.createTestProbe();
    TestProbe<Optional<TweetData>> gets = testKit.createTestProbe();
    var first = testKit.spawn(Tweet.create("3003", "tweet-1", RetentionCriteria.disabled()));
    untyped(first).tell(new TracedCommand(FIRST, post(replies.ref())));
    replies.receiveMessage();
    testKit.stop(first);

    var again = testKit.spawn(Tweet.create("3003", "tweet-1", RetentionCriteria.disabled()));
    again.tell(new Tweet.Get(gets.ref()));
    assertEquals("hello", gets.receiveMessage().orElseThrow().text());
  }

  /** As sharding delivers it: the entity's message type does not name the wrapper. */
  @SuppressWarnings("unchecked")
  private static ActorRef<Object> untyped(ActorRef<Tweet.Command> entity) {
    return (ActorRef<Object>) (ActorRef<?>) entity;
  }
}
