package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.app.Shards;
import dev.starling.common.Tags;
import dev.starling.ops.testing.RealServersExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes on one keyspace form one cluster: each takes a node id no other live member holds from
 * the cluster's allocator (not a hash of its address), every tweet id carries the id of the node
 * that minted it, what one node writes the other serves, entities living on either node, and the
 * shards the first node held alone are rebalanced until each node has its share, and a read model
 * replayed through one node's admin interface is switched on both, and a block made through one
 * node hides the users from each other on the other node at once, though it keeps relations long.
 */
@ExtendWith(RealServersExtension.class)
class TwoNodeClusterTest {
  private static final int SEQUENCE_BITS = 12;

  private static NodeFixture first;
  private static StarlingNode second;
  private static ApiClient onFirst;
  private static ApiClient onSecond;

  @BeforeAll
  static void start() {
    // rebalance rounds every second instead of every 10 s, so a test can watch one finish
    var settings = new HashMap<String, Object>(NodeFixture.ADMIN);
    settings.put("pekko.cluster.sharding.rebalance-interval", "1s");
    settings.put("pekko.cluster.sharded-daemon-process.sharding.rebalance-interval", "1s");
    // far longer than the test: only the cluster topic can make a node forget a reader's relations
    settings.put("starling.read-side.reader-cache-ttl", "10m");
    // likewise for a session's liveness: only the topic can tell a node a session ended
    settings.put("starling.http.revocation-delay", "10m");
    first = new NodeFixture(TwoNodeClusterTest.class, settings, false);
    second = first.startAnotherNode(Map.of());
    onFirst = first.client();
    onSecond = new ApiClient("http://127.0.0.1:" + second.httpPort());
    first.awaitMembersUp(2, Eventually.BOUND);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.stop();
    }
    first.close();
  }

  private static int nodeIdOf(String snowflake) {
    return (int) ((Long.parseLong(snowflake) >>> SEQUENCE_BITS) & 1023);
  }

  @Test
  void eachNodeHoldsANodeIdNoOtherMemberHolds() {
    assertNotEquals(first.node().nodeId(), second.nodeId());
    assertTrue(List.of(0, 1).containsAll(List.of(first.node().nodeId(), second.nodeId())));
  }

  @Test
  void tweetIdsCarryTheIdOfTheNodeThatMintedThem() {
    var author = onFirst.register("two_author");
    String viaFirst = onFirst.tweetId(author, "minted on the first node");
    String viaSecond = onSecond.tweetId(author, "minted on the second node");
    assertEquals(first.node().nodeId(), nodeIdOf(viaFirst));
    assertEquals(second.nodeId(), nodeIdOf(viaSecond));
  }

  @Test
  void whatOneNodeWritesTheOtherServes() {
    var author = onFirst.register("two_writer");
    var reader = onSecond.register("two_reader");
    // the token minted by one node authenticates on the other; the follow goes through whichever
    // node holds the relationship's entity
    onSecond.follows(reader, author);
    String tweet = onFirst.tweetId(author, "seen across the cluster");
    Eventually.within(
        Eventually.BOUND,
        () -> onSecond.get("/api/v1/home_timeline", reader.token()),
        page ->
            page.status() == 200
                && page.json().get("items").size() == 1
                && page.json().get("items").get(0).get("id").asText().equals(tweet));
    var authorSeenFromFirst = onFirst.get("/api/v1/users/" + author.id(), author.token());
    assertEquals(1, authorSeenFromFirst.json().get("followers_count").asLong());
  }

  @Test
  void theFirstNodesProjectionInstancesAreRebalancedUntilEachNodeHasItsShare() {
    // the first node started every projection instance alone; the second is owed half of them
    var shards = new Shards(first.node().system(), Duration.ofSeconds(5));
    int instances = Tags.perAggregate(first.node().system());
    var users =
        Eventually.within(
            Eventually.BOUND,
            () ->
                shards.stats().toCompletableFuture().join().stream()
                    .filter(type -> type.name().equals("sharded-daemon-process-users"))
                    .findFirst()
                    .orElseThrow(),
            // a shard being handed over is on neither node: [2, 1] of 4 also looks balanced
            type ->
                type.nodes().size() == 2
                    && type.nodes().stream().mapToInt(Shards.OnNode::shards).sum() == instances
                    && type.rebalance().balanced());
    int perNode = instances / 2;
    assertEquals(
        List.of(perNode, perNode),
        users.nodes().stream().map(Shards.OnNode::shards).toList(),
        users::toString);
    assertEquals(perNode, users.rebalance().fairShare());
  }

  @Test
  void aBlockMadeThroughOneNodeHidesTheUsersFromEachOtherOnTheOtherNodeAtOnce() {
    var blocker = onFirst.register("two_blocker");
    var blocked = onSecond.register("two_blocked");
    String tweet = onFirst.tweetId(blocker, "seen until the block");
    // the second node now keeps the blocked reader's relations: no block yet
    Eventually.within(
        Eventually.BOUND,
        () -> onSecond.get("/api/v1/tweets/" + tweet, blocked.token()).status(),
        status -> status == 200);

    var block = onFirst.tie("POST", blocker, blocked, "block");
    assertEquals(200, block.status(), () -> block.raw().body());

    // the rows are written by the first node's fast path and again by a projection on either
    // node, which then changes nothing and forgets nothing: the second node forgets the reader
    // only because the first node's message told it to (the bound is a loaded machine's, far
    // below the 10 min the second node would otherwise keep the relations)
    Eventually.within(
        Eventually.BOUND,
        () -> onSecond.get("/api/v1/tweets/" + tweet, blocked.token()).status(),
        status -> status == 404);
  }

  @Test
  void aSessionEndedThroughOneNodeIsRefusedByTheOtherAtOnce() {
    var revoked = onFirst.register("two_revoked");
    var signedOut = onFirst.register("two_signed_out");
    // the second node now trusts both sessions, for 10 min unless told otherwise
    for (var user : List.of(revoked, signedOut)) {
      assertEquals(200, onSecond.get("/api/v1/users/me", user.token()).status());
    }

    assertEquals(200, onFirst.postForm("/oauth/revoke", Map.of("token", revoked.token())).status());
    var everywhere = onFirst.delete("/api/v1/users/me/sessions", signedOut.token());
    assertEquals(204, everywhere.status(), () -> everywhere.raw().body());

    // the bound is a loaded machine's, far below the second node's 10 min
    for (var user : List.of(revoked, signedOut)) {
      Eventually.within(
          Eventually.BOUND,
          () -> onSecond.get("/api/v1/users/me", user.token()).status(),
          status -> status == 401);
    }
  }

  /** The user's notification ids as one node's API answers them. */
  private static List<String> notificationIds(ApiClient api, ApiClient.Account user) {
    return ReplayTest.ids(ReplayTest.notifications(api, user));
  }

  @Test
  void aReplayStartedThroughOneNodeSwitchesWhatBothNodesServe() {
    var author = onFirst.register("two_replayed");
    var fan = onSecond.register("two_fan");
    onSecond.follows(fan, author);
    List<String> follow =
        Eventually.within(
            Eventually.BOUND, () -> notificationIds(onSecond, author), ids -> ids.size() == 1);

    // a row only generation 0 holds: a node shows it exactly while it reads generation 0
    try (var rows = new StoredRows(first.keyspace())) {
      rows.query(
          "INSERT INTO ${keyspace}.notifications (user_id, notification_id, type, actor_id,"
              + " created_at) VALUES (?, 1, 'follow', ?, ?)",
          Long.parseLong(author.id()),
          Long.parseLong(fan.id()),
          Instant.parse("2020-01-01T00:00:00Z"));
    }
    var withMarker = new ArrayList<>(follow);
    withMarker.add("1");
    assertEquals(withMarker, notificationIds(onFirst, author));
    assertEquals(withMarker, notificationIds(onSecond, author));

    var admin = first.admin();
    var started =
        admin.send(
            "POST",
            "/admin/read-models/notifications/replay",
            NodeFixture.ADMIN_TOKEN,
            null,
            null,
            Map.of());
    assertEquals(200, started.status(), () -> started.raw().body());
    int generation = started.json().at("/read_models/0/building_generation").asInt();
    JsonNode switched =
        Eventually.within(
            Duration.ofSeconds(60),
            () ->
                admin
                    .get("/admin/read-models/notifications", NodeFixture.ADMIN_TOKEN)
                    .json()
                    .at("/read_models/0"),
            model -> model.get("active_generation").asInt(-1) == generation);
    assertTrue(switched.get("building_generation").isNull(), switched::toString);

    // every node swaps what its queries read once the row says so (pub-sub, or its next look at
    // the row), the node that was asked as much as the one that was not: both serve the rebuilt
    // tables
    Eventually.within(Eventually.BOUND, () -> notificationIds(onFirst, author), follow::equals);
    Eventually.within(Eventually.BOUND, () -> notificationIds(onSecond, author), follow::equals);
    // and the new generation is the one fed now, through either node
    var another = onFirst.register("two_fan_two");
    onFirst.follows(another, author);
    Eventually.within(
        Eventually.BOUND, () -> notificationIds(onSecond, author), ids -> ids.size() == 2);
    assertEquals(notificationIds(onSecond, author), notificationIds(onFirst, author));
  }
}
