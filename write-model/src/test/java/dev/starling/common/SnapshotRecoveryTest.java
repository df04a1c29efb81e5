package dev.starling.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.engagement.Engagement;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.relationship.Relationship;
import dev.starling.testing.AggregateTestKit;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Handle;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Recovering an aggregate from a snapshot plus the events after it must give the same state as
 * replaying all its events; otherwise an entity would change behaviour depending on when it last
 * snapshotted. Every aggregate snapshots after each event here, so each split point between
 * snapshot and later events is recovered from once.
 */
class SnapshotRecoveryTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final RetentionCriteria SNAPSHOT_AFTER_EVERY_EVENT =
      RetentionCriteria.snapshotEvery(1, 100);
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void user() {
    var user =
        EventSourcedBehaviorTestKit.<User.Command, User.Event, User.State>create(
            testKit.system(), User.create("42", "user-0", SNAPSHOT_AFTER_EVERY_EVENT));
    var profile = new Profile(42L, "Alice", "Alice A.", "hi", "US", T0);
    user.<Outcome<Profile>>runCommand(r -> new User.Register(profile, "hash", r));
    user.<Outcome<Profile>>runCommand(User.Activate::new);

    assertSnapshotRecoveryEqualsFullReplay(user, PersistenceId.of(User.ENTITY_KEY.name(), "42"));
  }

  @Test
  void handle() {
    // A handle is claimed once and never changes after, so its only snapshot has no later events.
    var handle =
        EventSourcedBehaviorTestKit.<Handle.Command, Handle.Event, Handle.State>create(
            testKit.system(), Handle.create("alice", SNAPSHOT_AFTER_EVERY_EVENT));
    handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(42L, r));
    handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(7L, r));

    assertSnapshotRecoveryEqualsFullReplay(
        handle, PersistenceId.of(Handle.ENTITY_KEY.name(), "alice"));
  }

  @Test
  void tweet() {
    var tweet =
        EventSourcedBehaviorTestKit.<Tweet.Command, Tweet.Event, Tweet.State>create(
            testKit.system(), Tweet.create("1001", "tweet-0", SNAPSHOT_AFTER_EVERY_EVENT));
    tweet.<Outcome<TweetData>>runCommand(
        r ->
            new Tweet.Post(
                42L,
                "Hello #starling @bob https://example.com",
                Visibility.PUBLIC,
                7L,
                null,
                "NZ",
                T0,
                r));
    tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(42L, T0.plusSeconds(60), r));

    assertSnapshotRecoveryEqualsFullReplay(
        tweet, PersistenceId.of(Tweet.ENTITY_KEY.name(), "1001"));
  }

  @Test
  void relationship() {
    var pairId = Relationship.entityId(1L, 2L);
    var relationship =
        EventSourcedBehaviorTestKit
            .<Relationship.Command, Relationship.Event, Relationship.State>create(
                testKit.system(),
                Relationship.create(pairId, "relationship-0", SNAPSHOT_AFTER_EVERY_EVENT));
    relationship.<Outcome<Relationship.EdgeChange>>runCommand(
        r -> new Relationship.Follow(1L, 2L, T0, r));
    relationship.<Outcome<Relationship.EdgeChange>>runCommand(
        r -> new Relationship.Follow(2L, 1L, T0.plusSeconds(1), r));
    relationship.<Outcome<Relationship.EdgeChange>>runCommand(
        r -> new Relationship.Unfollow(1L, 2L, T0.plusSeconds(2), r));
    relationship.<Outcome<Relationship.EdgeChange>>runCommand(
        r -> new Relationship.Follow(1L, 2L, T0.plusSeconds(3), r));
    relationship.<Outcome<Relationship.EdgeChange>>runCommand(
        r -> new Relationship.Unfollow(2L, 1L, T0.plusSeconds(4), r));

    assertSnapshotRecoveryEqualsFullReplay(
        relationship, PersistenceId.of(Relationship.ENTITY_KEY.name(), pairId));
  }

  @Test
  void idempotencyKey() {
    var entityId = IdempotencyKey.entityId(42L, "first-post");
    var window = Duration.ofHours(24);
    var key =
        EventSourcedBehaviorTestKit
            .<IdempotencyKey.Command, IdempotencyKey.Event, IdempotencyKey.State>create(
                testKit.system(),
                IdempotencyKey.create(entityId, window, SNAPSHOT_AFTER_EVERY_EVENT));
    key.<IdempotencyKey.Claimed>runCommand(r -> new IdempotencyKey.Claim(100L, T0, r));
    key.<IdempotencyKey.Claimed>runCommand(r -> new IdempotencyKey.Claim(200L, T0.plus(window), r));
    key.<IdempotencyKey.Claimed>runCommand(
        r -> new IdempotencyKey.Claim(300L, T0.plus(window.multipliedBy(2)), r));

    assertSnapshotRecoveryEqualsFullReplay(
        key, PersistenceId.of(IdempotencyKey.ENTITY_KEY.name(), entityId));
  }

  @Test
  void engagement() {
    var entityId = Engagement.entityId(42L, 1001L);
    var engagement =
        EventSourcedBehaviorTestKit.<Engagement.Command, Engagement.Event, Engagement.State>create(
            testKit.system(),
            Engagement.create(entityId, "engagement-0", SNAPSHOT_AFTER_EVERY_EVENT));
    engagement.<Outcome<Engagement.Change>>runCommand(r -> new Engagement.Like(42L, 1001L, T0, r));
    engagement.<Outcome<Engagement.Change>>runCommand(
        r -> new Engagement.Retweet(42L, 1001L, 2002L, T0.plusSeconds(1), r));
    engagement.<Outcome<Engagement.Change>>runCommand(
        r -> new Engagement.Unlike(42L, 1001L, T0.plusSeconds(2), r));
    engagement.<Outcome<Engagement.Change>>runCommand(
        r -> new Engagement.UndoRetweet(42L, 1001L, T0.plusSeconds(3), r));
    engagement.<Outcome<Engagement.Change>>runCommand(
        r -> new Engagement.Like(42L, 1001L, T0.plusSeconds(4), r));

    assertSnapshotRecoveryEqualsFullReplay(
        engagement, PersistenceId.of(Engagement.ENTITY_KEY.name(), entityId));
  }

  /**
   * Recovers {@code aggregate} from its events alone, then once from each snapshot it took plus the
   * events after that snapshot, and asserts every recovery ends in the same state. Each snapshot
   * goes through the aggregate's real serializer first, as it would on its way to and from the
   * Cassandra snapshot store.
   */
  private static <S> void assertSnapshotRecoveryEqualsFullReplay(
      EventSourcedBehaviorTestKit<?, ?, S> aggregate, PersistenceId persistenceId) {
    var snapshotStore = aggregate.snapshotTestKit().orElseThrow();
    String pid = persistenceId.id();
    List<Pair<SnapshotMeta, Object>> snapshots = snapshotStore.persistedInStorage(pid);
    int events = aggregate.persistenceTestKit().persistedInStorage(pid).size();
    assertTrue(events > 0, "the commands persisted nothing");
    assertEquals(events, snapshots.size(), "expected a snapshot after every event");

    snapshotStore.clearByPersistenceId(pid);
    S replayed = aggregate.restart().state();

    for (var snapshot : snapshots) {
      snapshotStore.clearByPersistenceId(pid);
      snapshotStore.persistForRecovery(
          pid, List.of(Pair.create(snapshot.first(), throughSerializer(snapshot.second()))));
      assertEquals(
          replayed,
          aggregate.restart().state(),
          "recovered from the snapshot at sequence nr "
              + snapshot.first().sequenceNr()
              + " of "
              + events);
    }
  }

  private static Object throughSerializer(Object state) {
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    var serializer = serialization.findSerializerFor(state);
    byte[] bytes = serialization.serialize(state).get();
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, state))
        .get();
  }
}
