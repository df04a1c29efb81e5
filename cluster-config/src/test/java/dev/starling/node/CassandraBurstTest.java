package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.projection.ReadSide;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's Cassandra sessions survive a burst like "120 users like one tweet and follow its
 * author at once": lightweight transactions contending on a hot partition, interleaved with plain
 * reads and pages large enough to span several protocol frames, all on the node's one connection
 * per session, configured exactly as the node configures them.
 *
 * <p>Under native protocol v5 such a burst killed the connection whenever a contended CAS timed out
 * (ProtocolV5CasTimeoutTest shows why, deterministically); how many CAS operations time out depends
 * on how loaded the machine is, so this test asserts what must hold whatever the load: the sessions
 * speak V4 behind a bounded throttler, and no request fails for a reason other than the ones
 * overload is allowed to cause. {@code STARLING_CASSANDRA_PROTOCOL_VERSION=V5} makes the first test
 * fail.
 */
@ExtendWith(RealServersExtension.class)
class CassandraBurstTest {
  private static final List<String> SESSION_CONFIG_PATHS =
      List.of("pekko.persistence.cassandra", ReadSide.SESSION_CONFIG);
  private static final int ROUNDS = 3;
  private static final int USERS = 200;
  private static final int WIDE_PARTITIONS = 4;
  private static final int WIDE_ROWS = 1500;

  private static ActorSystem<Void> system;
  private static String keyspace;

  @BeforeAll
  static void start() {
    keyspace = RealServers.uniqueName(CassandraBurstTest.class);
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "burst",
            StarlingNode.configure(
                ConfigFactory.parseMap(
                    Map.of(
                        "starling.cassandra.keyspace",
                        keyspace,
                        "starling.cassandra.contact-point",
                        RealServers.cassandraContactPoint(),
                        "pekko.remote.artery.canonical.port",
                        0))));
  }

  @AfterAll
  static void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    StoredRows.dropKeyspace(keyspace);
  }

  private static CqlSession session(String configPath) {
    return CassandraSessionRegistry.get(system)
        .sessionFor(CassandraSessionSettings.create(configPath))
        .underlying()
        .toCompletableFuture()
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
  }

  @Test
  void everySessionOfTheNodeSpeaksV4BehindABoundedThrottlerThatThePoolCanCarry() {
    for (String path : SESSION_CONFIG_PATHS) {
      var context = session(path).getContext();
      var driver = context.getConfig().getDefaultProfile();
      assertEquals(DefaultProtocolVersion.V4, context.getProtocolVersion(), path);
      assertEquals(
          "ConcurrencyLimitingRequestThrottler",
          driver.getString(DefaultDriverOption.REQUEST_THROTTLER_CLASS),
          path);
      int concurrent = driver.getInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS);
      int streamIds =
          driver.getInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE)
              * driver.getInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS);
      int orphansBeforeRecycling =
          driver.getInt(DefaultDriverOption.CONNECTION_MAX_ORPHAN_REQUESTS);
      assertTrue(
          streamIds >= concurrent + orphansBeforeRecycling,
          path + ": the pool must never be what limits");
    }
  }

  @Test
  void contendedLightweightTransactionsAmongPagedReadsDoNotBreakTheConnection() {
    var session = session(ReadSide.SESSION_CONFIG);
    var schema = new BurstSchema(session, keyspace);
    var outcomes = new TreeMap<String, Integer>();
    for (int round = 0; round < ROUNDS; round++) {
      var requests = new ArrayList<CompletableFuture<String>>();
      for (int user = 0; user < USERS; user++) {
        int version = round * USERS + user + 1;
        requests.add(
            outcome(session.executeAsync(schema.follow.bind(version, "hot", user, version))));
        requests.add(outcome(schema.incrementFollowerCount(session)));
        requests.add(
            outcome(
                session.executeAsync(
                    schema.page.bind(user % WIDE_PARTITIONS).setPageSize(500 + user * 10 % 2500))));
        requests.add(outcome(session.executeAsync(schema.one.bind(user % WIDE_PARTITIONS, user))));
        requests.add(
            outcome(session.executeAsync(schema.follow.bind(version, "user" + user, 1, version))));
      }
      for (var request : requests) {
        outcomes.merge(request.join(), 1, Integer::sum);
      }
    }

    outcomes.forEach(
        (outcome, times) ->
            assertTrue(
                outcome.equals("ok") || outcome.startsWith("expected:"),
                "a request failed with "
                    + outcome
                    + " ("
                    + times
                    + "x); all outcomes: "
                    + outcomes));
  }

  /**
   * A hot partition of follow edges with a static follower count (what CountedEdges writes), and
   * wide partitions of ~900-byte rows whose pages span several protocol frames.
   */
  private static final class BurstSchema {
    final PreparedStatement follow;
    final PreparedStatement readCount;
    final PreparedStatement setCount;
    final PreparedStatement page;
    final PreparedStatement one;

    BurstSchema(CqlSession session, String keyspace) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS "
              + keyspace
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute(
          "CREATE TABLE IF NOT EXISTS "
              + keyspace
              + ".burst_edges (owner text, other int, version int, active boolean,"
              + " edge_count int static, PRIMARY KEY (owner, other))");
      session.execute(
          "CREATE TABLE IF NOT EXISTS "
              + keyspace
              + ".burst_wide (p int, c int, body text, PRIMARY KEY (p, c))");
      var edge =
          session.prepare(
              "INSERT INTO " + keyspace + ".burst_edges (owner, other, version) VALUES (?, ?, 0)");
      var row =
          session.prepare("INSERT INTO " + keyspace + ".burst_wide (p, c, body) VALUES (?, ?, ?)");
      var writes = new ArrayList<CompletableFuture<?>>();
      for (int user = 0; user < USERS; user++) {
        writes.add(session.executeAsync(edge.bind("hot", user)).toCompletableFuture());
        writes.add(session.executeAsync(edge.bind("user" + user, 1)).toCompletableFuture());
      }
      for (int p = 0; p < WIDE_PARTITIONS; p++) {
        for (int c = 0; c < WIDE_ROWS; c++) {
          writes.add(session.executeAsync(row.bind(p, c, "x".repeat(900))).toCompletableFuture());
        }
        // within what the throttler queues
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        writes.clear();
      }
      follow =
          session.prepare(
              "UPDATE "
                  + keyspace
                  + ".burst_edges SET version = ?, active = true WHERE owner = ? AND other = ?"
                  + " IF version < ?");
      readCount =
          session.prepare(
              "SELECT edge_count FROM " + keyspace + ".burst_edges WHERE owner = 'hot' LIMIT 1");
      setCount =
          session.prepare(
              "UPDATE "
                  + keyspace
                  + ".burst_edges SET edge_count = ? WHERE owner = 'hot' IF edge_count = ?");
      page = session.prepare("SELECT c, body FROM " + keyspace + ".burst_wide WHERE p = ?");
      one = session.prepare("SELECT c FROM " + keyspace + ".burst_wide WHERE p = ? AND c = ?");
    }

    CompletionStage<?> incrementFollowerCount(CqlSession session) {
      return session
          .executeAsync(readCount.bind())
          .thenCompose(
              rows -> {
                var row = rows.one();
                Integer current = row == null || row.isNull(0) ? null : row.getInt(0);
                return session.executeAsync(
                    setCount.bind(current == null ? 1 : current + 1, current));
              });
    }
  }

  /**
   * "ok", "expected: ..." for the failures a burst may cause without harming the connection (a
   * contended CAS timing out, the throttler's queue filling up, a request waiting past its
   * timeout), or the failure itself.
   */
  private static CompletableFuture<String> outcome(CompletionStage<?> request) {
    return request
        .handle(
            (result, failure) -> {
              if (failure == null) {
                return "ok";
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof WriteTimeoutException timeout
                  && timeout.getWriteType() == WriteType.CAS) {
                return "expected: CAS write timeout";
              }
              if (cause instanceof RequestThrottlingException
                  || cause instanceof DriverTimeoutException) {
                return "expected: " + cause.getClass().getSimpleName();
              }
              if (cause instanceof AllNodesFailedException allFailed) {
                return allFailed.getAllErrors().toString();
              }
              return cause.toString();
            })
        .toCompletableFuture();
  }
}
