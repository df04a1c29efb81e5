package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.store.Schema;
import dev.starling.user.Handle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events journaled before a {@code JacksonMigration} existed are still read correctly from the real
 * Cassandra journal, and new events are written with their version in the manifest. Pekko systems
 * here are configured like a node but start nothing except the entities under test.
 */
@ExtendWith(RealServersExtension.class)
class EventMigrationTest {
  /** {@code pekko.actor.serialization-identifiers.jackson-cbor} in pekko-serialization-jackson. */
  private static final int JACKSON_CBOR_SERIALIZER_ID = 33;

  private static final String HANDLE_CLAIMED = Handle.HandleClaimed.class.getName();

  /** The journal's events-by-tag bucket-size (persistence.conf), which also fills timebucket. */
  private static final long TIME_BUCKET_MILLIS = Duration.ofHours(1).toMillis();

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(20);

  private static String keyspace;
  private static CqlSession session;
  private static ActorSystem<Void> node;

  @BeforeAll
  static void start() {
    keyspace = RealServers.uniqueName(EventMigrationTest.class);
    session = StoredRows.session();
    Schema.create(session, keyspace, 1);
    node = startNode();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      terminate(node);
    }
    if (session != null) {
      session.close();
      StoredRows.dropKeyspace(keyspace);
    }
  }

  @Test
  void version1HandleClaimedIsReplayedWithItsUserIdAsOwner() throws Exception {
    writeAsPluginWould(
        PersistenceId.of(Handle.ENTITY_KEY.name(), "alice"),
        HANDLE_CLAIMED,
        new CBORMapper().writeValueAsBytes(Map.of("userId", 42)));

    var handle = spawnHandle(node, "alice");

    assertEquals(Optional.of(42L), ask(node, handle, Handle.Lookup::new));
    assertEquals(
        new Handle.Taken(42L),
        ask(node, handle, (ActorRef<Handle.ClaimResult> r) -> new Handle.Claim(7L, r)));
  }

  @Test
  void newHandleClaimedIsJournaledAsVersion2AndRecovers() {
    var handle = spawnHandle(node, "bob");
    assertEquals(
        new Handle.Claimed(42L),
        ask(node, handle, (ActorRef<Handle.ClaimResult> r) -> new Handle.Claim(42L, r)));

    Row row =
        session
            .execute(
                "SELECT ser_id, ser_manifest FROM "
                    + keyspace
                    + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                PersistenceId.of(Handle.ENTITY_KEY.name(), "bob").id())
            .one();
    assertEquals(JACKSON_CBOR_SERIALIZER_ID, row.getInt("ser_id"));
    assertEquals(HANDLE_CLAIMED + "#2", row.getString("ser_manifest"));

    // a second node recovers the entity from Cassandra alone
    ActorSystem<Void> restarted = startNode();
    try {
      var recovered = spawnHandle(restarted, "bob");
      assertEquals(Optional.of(42L), ask(restarted, recovered, Handle.Lookup::new));
    } finally {
      terminate(restarted);
    }
  }

  private static ActorSystem<Void> startNode() {
    var overrides =
        ConfigFactory.parseMap(
            Map.of(
                "starling.cassandra.keyspace",
                keyspace,
                "starling.cassandra.contact-point",
                RealServers.cassandraContactPoint(),
                "pekko.remote.artery.canonical.port",
                0));
    return ActorSystem.create(Behaviors.empty(), "starling", StarlingNode.configure(overrides));
  }

  private static void terminate(ActorSystem<?> system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** Persistence works without sharding, so the entity runs as a plain actor. */
  private static ActorRef<Handle.Command> spawnHandle(ActorSystem<?> system, String handleKey) {
    return system.systemActorOf(
        Handle.create(handleKey, RetentionCriteria.disabled()),
        "handle-" + handleKey,
        Props.empty());
  }

  private static <T> T ask(
      ActorSystem<?> system,
      ActorRef<Handle.Command> handle,
      Function<ActorRef<T>, Handle.Command> command) {
    return AskPattern.ask(handle, command, ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .join();
  }

  /**
   * Inserts the first event of {@code persistenceId} exactly as pekko-persistence-cassandra 1.1.0
   * writes it (CassandraJournalStatements.writeMessage, CassandraJournal.statementGroup): partition
   * 0, a time-based uuid and its hour bucket, no event adapter manifest, no tags, no metadata.
   */
  private static void writeAsPluginWould(
      PersistenceId persistenceId, String serializerManifest, byte[] event) {
    var timestamp = Uuids.timeBased();
    long bucket = Uuids.unixTimestamp(timestamp) / TIME_BUCKET_MILLIS * TIME_BUCKET_MILLIS;
    var insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket,"
                + " writer_uuid, ser_id, ser_manifest, event_manifest, event, tags)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    session.execute(
        insert.bind(
            persistenceId.id(),
            0L,
            1L,
            timestamp,
            Long.toString(bucket),
            UUID.randomUUID().toString(),
            JACKSON_CBOR_SERIALIZER_ID,
            serializerManifest,
            "",
            ByteBuffer.wrap(event),
            Set.of()));
    // the plugin records every persistence id when its first event is written
    session.execute(
        "INSERT INTO " + keyspace + ".all_persistence_ids (persistence_id) VALUES (?)",
        persistenceId.id());
  }
}
