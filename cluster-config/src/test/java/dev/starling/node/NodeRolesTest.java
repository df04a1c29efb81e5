package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.starling.app.Shards;
import dev.starling.ops.testing.RealServersExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node with only the {@code api} role serves the whole API while the entities and the projections
 * run on a node with {@code write} and {@code projection}: roles split the work, sharding still
 * reaches every entity from every node.
 */
@ExtendWith(RealServersExtension.class)
class NodeRolesTest {
  private static NodeFixture api;
  private static StarlingNode worker;
  private static ApiClient client;

  @BeforeAll
  static void start() {
    // rate limits on: their buckets are entities too, and must live where the API runs
    api =
        new NodeFixture(
            NodeRolesTest.class,
            Map.of("starling.cluster.roles", "api", "starling.rate-limits.enabled", true));
    worker = api.startAnotherNode(Map.of("starling.cluster.roles", "write,projection"));
    client = api.client();
    api.awaitMembersUp(2, Duration.ofSeconds(60));
    // ready once the api-only node reaches an entity on the worker
    Eventually.within(
        Duration.ofSeconds(60), () -> client.get("/health/ready", null).status(), s -> s == 200);
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.stop();
    }
    api.close();
  }

  @Test
  void theApiNodeServesWritesAndReadsWhoseEntitiesAndProjectionsRunOnTheWorker() {
    var author = client.register("roles_author");
    var reader = client.register("roles_reader");
    client.follows(reader, author);
    String tweetId = client.tweetId(author, "posted through the api-only node");
    Eventually.within(
        Eventually.BOUND,
        () -> client.get("/api/v1/home_timeline", reader.token()).raw().body(),
        body -> body.contains(tweetId));

    var limited = client.get("/api/v1/home_timeline", reader.token());
    assertTrue(
        limited.raw().headers().firstValue("X-RateLimit-Remaining").isPresent(),
        "the rate-limit bucket answered: " + limited.raw().headers().map());

    String workerAddress = Cluster.get(worker.system()).selfMember().address().toString();
    var types =
        new Shards(worker.system(), Duration.ofSeconds(5)).stats().toCompletableFuture().join();
    assertTrue(types.stream().anyMatch(t -> t.entities() > 0), "entities were started: " + types);
    assertTrue(
        types.stream().anyMatch(t -> t.name().startsWith("sharded-daemon-process")),
        "the projections run as sharded daemon processes: " + types);
    for (var type : types) {
      if (type.name().equals("RateLimiter")) {
        continue; // the api node's own, checked above
      }
      for (var node : type.nodes()) {
        assertEquals(workerAddress, node.node(), type.name() + " runs only on the write node");
      }
    }
  }

  @Test
  void aNodeWithoutTheApiRoleBindsNoHttpAndKeepsNoSearchIndexOrTrends() {
    assertThrows(IllegalStateException.class, worker::httpPort);
    var config = worker.system().settings().config();
    assertFalse(config.getBoolean("starling.search.consume"));
    assertFalse(config.getBoolean("starling.trends.consume"));
    assertEquals(
        List.of("write", "projection"),
        config.getStringList("pekko.cluster.roles").stream()
            .filter(r -> !r.startsWith("dc-"))
            .toList());
  }

  @Test
  void anUnknownRoleIsRefusedAtStartNamingTheSetting() {
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StarlingNode.configure(
                    ConfigFactory.parseMap(Map.of("starling.cluster.roles", "write,reader"))));
    assertTrue(refused.getMessage().contains("STARLING_ROLES"), refused.getMessage());
    assertTrue(refused.getMessage().contains("\"reader\""), refused.getMessage());
  }
}
