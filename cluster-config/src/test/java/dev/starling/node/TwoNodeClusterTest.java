package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.app.Shards;
import dev.starling.common.Tags;
import dev.starling.ops.testing.RealServersExtension;
import java.time.Duration;
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
 * shards the first node held alone are rebalanced until each node has its share.
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
    first =
        new NodeFixture(
            TwoNodeClusterTest.class,
            Map.of(
                "pekko.cluster.sharding.rebalance-interval", "1s",
                "pekko.cluster.sharded-daemon-process.sharding.rebalance-interval", "1s"),
            false);
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
    var users =
        Eventually.within(
            Eventually.BOUND,
            () ->
                shards.stats().toCompletableFuture().join().stream()
                    .filter(type -> type.name().equals("sharded-daemon-process-users"))
                    .findFirst()
                    .orElseThrow(),
            type -> type.nodes().size() == 2 && type.rebalance().balanced());
    int perNode = Tags.perAggregate(first.node().system()) / 2;
    assertEquals(
        List.of(perNode, perNode),
        users.nodes().stream().map(Shards.OnNode::shards).toList(),
        users::toString);
    assertEquals(perNode, users.rebalance().fairShare());
  }
}
