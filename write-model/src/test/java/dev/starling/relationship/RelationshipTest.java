package dev.starling.relationship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.relationship.Relationship.EdgeChange;
import dev.starling.testing.AggregateTestKit;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelationshipTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private EventSourcedBehaviorTestKit<Relationship.Command, Relationship.Event, Relationship.State>
      pair;

  @BeforeEach
  void setUp() {
    pair =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Relationship.create(
                Relationship.entityId(2L, 1L),
                "relationship-0",
                RetentionCriteria.snapshotEvery(2, 1)));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private Outcome<EdgeChange> follow(long follower, long followee) {
    return pair.<Outcome<EdgeChange>>runCommand(
            r -> new Relationship.Follow(follower, followee, AT, r))
        .reply();
  }

  private Outcome<EdgeChange> unfollow(long follower, long followee) {
    return pair.<Outcome<EdgeChange>>runCommand(
            r -> new Relationship.Unfollow(follower, followee, AT, r))
        .reply();
  }

  @Test
  void entityIdIsTheSameFromBothSides() {
    assertEquals(Relationship.entityId(1L, 2L), Relationship.entityId(2L, 1L));
  }

  @Test
  void followStartsAnEdgeWithANewVersion() {
    var result = pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(2L, 1L, AT, r));
    assertEquals(new Relationship.FollowStarted(2L, 1L, 1L, AT), result.event());
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, true, 1L, true, AT)), result.reply());
  }

  @Test
  void repeatedFollowChangesNothing() {
    follow(2L, 1L);
    var again = pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(2L, 1L, AT, r));
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, true, 1L, false, AT)), again.reply());
  }

  @Test
  void directionsAreIndependent() {
    follow(2L, 1L);
    assertEquals(Outcome.accepted(new EdgeChange(1L, 2L, true, 2L, true, AT)), follow(1L, 2L));
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, false, 3L, true, AT)), unfollow(2L, 1L));
    assertTrue(pair.getState().follows(1L, 2L));
  }

  @Test
  void unfollowWithoutFollowChangesNothing() {
    var result =
        pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Unfollow(2L, 1L, AT, r));
    assertTrue(result.hasNoEvents());
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, false, 0L, false, AT)), result.reply());
  }

  @Test
  void followingYourselfIsRejected() {
    var self =
        EventSourcedBehaviorTestKit
            .<Relationship.Command, Relationship.Event, Relationship.State>create(
                testKit.system(),
                Relationship.create("3:3", "relationship-0", RetentionCriteria.disabled()));
    var result = self.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(3L, 3L, AT, r));
    assertTrue(result.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply());
    assertEquals(Rejection.Kind.INVALID, rejected.rejection().kind());
  }

  @Test
  void recoveryFromSnapshotPlusEventsEqualsTheLiveState() {
    follow(2L, 1L);
    follow(1L, 2L);
    unfollow(2L, 1L);
    var live = pair.getState();
    assertEquals(live, pair.restart().state());
  }
}
