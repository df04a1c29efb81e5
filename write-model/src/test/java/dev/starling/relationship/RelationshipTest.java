package dev.starling.relationship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.relationship.Relationship.EdgeChange;
import dev.starling.relationship.Relationship.TieChange;
import dev.starling.testing.AggregateTestKit;
import java.time.Instant;
import java.util.List;
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

  private Outcome<TieChange> block(long blocker, long blocked) {
    return pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Block(blocker, blocked, AT, r))
        .reply();
  }

  private Outcome<TieChange> mute(long muter, long muted) {
    return pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Mute(muter, muted, AT, r))
        .reply();
  }

  private static void assertRejected(Rejection.Kind kind, Outcome<?> outcome) {
    var rejected = assertInstanceOf(Outcome.Rejected.class, outcome);
    assertEquals(kind, rejected.rejection().kind());
  }

  private EventSourcedBehaviorTestKit<Relationship.Command, Relationship.Event, Relationship.State>
      selfPair() {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        Relationship.create("4:4", "relationship-0", RetentionCriteria.disabled()));
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
  void blockStartsABlockWithANewVersion() {
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Block(1L, 2L, AT, r));
    assertEquals(new Relationship.Blocked(1L, 2L, 1L, AT), result.event());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, true, 1L, true, AT)), result.reply());
    assertTrue(result.state().blocks(1L, 2L));
    assertFalse(result.state().blocks(2L, 1L));
  }

  @Test
  void blockWhileFollowingBothWaysEndsBothFollowsInOneEvent() {
    follow(1L, 2L);
    follow(2L, 1L);
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Block(2L, 1L, AT, r));
    assertEquals(List.of(new Relationship.Blocked(2L, 1L, 3L, AT)), result.events());
    assertFalse(result.state().follows(1L, 2L));
    assertFalse(result.state().follows(2L, 1L));
    assertTrue(result.state().blocks(2L, 1L));
  }

  @Test
  void repeatedBlockChangesNothing() {
    block(1L, 2L);
    var again = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Block(1L, 2L, AT, r));
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, true, 1L, false, AT)), again.reply());
  }

  @Test
  void blockedUserCannotFollowTheBlocker() {
    block(1L, 2L);
    var result = pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(2L, 1L, AT, r));
    assertTrue(result.hasNoEvents());
    assertRejected(Rejection.Kind.FORBIDDEN, result.reply());
  }

  @Test
  void blockerCannotFollowTheUserTheyBlock() {
    block(1L, 2L);
    var result = pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(1L, 2L, AT, r));
    assertTrue(result.hasNoEvents());
    assertRejected(Rejection.Kind.FORBIDDEN, result.reply());
  }

  @Test
  void unblockLiftsTheBlockButDoesNotRestoreFollows() {
    follow(2L, 1L);
    block(1L, 2L);
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Unblock(1L, 2L, AT, r));
    assertEquals(new Relationship.Unblocked(1L, 2L, 3L, AT), result.event());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, false, 3L, true, AT)), result.reply());
    assertFalse(result.state().blocks(1L, 2L));
    assertFalse(result.state().follows(2L, 1L));
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, true, 4L, true, AT)), follow(2L, 1L));
  }

  @Test
  void unblockWithoutBlockChangesNothing() {
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Unblock(1L, 2L, AT, r));
    assertTrue(result.hasNoEvents());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, false, 0L, false, AT)), result.reply());
  }

  @Test
  void eitherSideMayBlockTheOtherIndependently() {
    block(1L, 2L);
    assertEquals(Outcome.accepted(new TieChange(2L, 1L, true, 2L, true, AT)), block(2L, 1L));
    pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Unblock(1L, 2L, AT, r));
    var result = pair.<Outcome<EdgeChange>>runCommand(r -> new Relationship.Follow(1L, 2L, AT, r));
    assertRejected(Rejection.Kind.FORBIDDEN, result.reply());
  }

  @Test
  void muteKeepsTheFollow() {
    follow(1L, 2L);
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Mute(1L, 2L, AT, r));
    assertEquals(new Relationship.Muted(1L, 2L, 2L, AT), result.event());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, true, 2L, true, AT)), result.reply());
    assertTrue(result.state().holds(Relationship.Tie.MUTE, 1L, 2L));
    assertFalse(result.state().holds(Relationship.Tie.MUTE, 2L, 1L));
    assertTrue(result.state().follows(1L, 2L));
  }

  @Test
  void repeatedMuteChangesNothing() {
    mute(1L, 2L);
    var again = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Mute(1L, 2L, AT, r));
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, true, 1L, false, AT)), again.reply());
  }

  @Test
  void unmuteEndsTheMuteAndRepeatingItChangesNothing() {
    mute(1L, 2L);
    var result = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Unmute(1L, 2L, AT, r));
    assertEquals(new Relationship.Unmuted(1L, 2L, 2L, AT), result.event());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, false, 2L, true, AT)), result.reply());
    assertFalse(result.state().holds(Relationship.Tie.MUTE, 1L, 2L));
    var again = pair.<Outcome<TieChange>>runCommand(r -> new Relationship.Unmute(1L, 2L, AT, r));
    assertTrue(again.hasNoEvents());
    assertEquals(Outcome.accepted(new TieChange(1L, 2L, false, 2L, false, AT)), again.reply());
  }

  @Test
  void mutedUserMayStillFollowTheMuter() {
    mute(1L, 2L);
    assertEquals(Outcome.accepted(new EdgeChange(2L, 1L, true, 2L, true, AT)), follow(2L, 1L));
  }

  @Test
  void blockingOrMutingYourselfIsRejected() {
    var self = selfPair();
    var blocked = self.<Outcome<TieChange>>runCommand(r -> new Relationship.Block(4L, 4L, AT, r));
    assertTrue(blocked.hasNoEvents());
    assertRejected(Rejection.Kind.INVALID, blocked.reply());
    var muted = self.<Outcome<TieChange>>runCommand(r -> new Relationship.Mute(4L, 4L, AT, r));
    assertTrue(muted.hasNoEvents());
    assertRejected(Rejection.Kind.INVALID, muted.reply());
    var unblocked =
        self.<Outcome<TieChange>>runCommand(r -> new Relationship.Unblock(4L, 4L, AT, r));
    assertRejected(Rejection.Kind.INVALID, unblocked.reply());
    var unmuted = self.<Outcome<TieChange>>runCommand(r -> new Relationship.Unmute(4L, 4L, AT, r));
    assertRejected(Rejection.Kind.INVALID, unmuted.reply());
  }

  @Test
  void recoveryFromSnapshotPlusEventsEqualsTheLiveState() {
    follow(2L, 1L);
    follow(1L, 2L);
    unfollow(2L, 1L);
    mute(2L, 1L);
    block(1L, 2L);
    var live = pair.getState();
    assertEquals(live, pair.restart().state());
  }
}
