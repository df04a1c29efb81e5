package dev.starling.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Shards and entities per entity type and node, as the cluster's shard regions report them ({@code
 * GetClusterShardingStats}): every sharded type this node knows, which includes the aggregates, the
 * edge writers and the sharded daemon processes that run the projection instances.
 */
public final class Shards {
  private final ActorSystem<?> system;
  private final Duration timeout;

  public Shards(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** One node's part of an entity type. */
  public record OnNode(String node, int shards, long entities) {}

  /**
   * An entity type across the cluster; {@code unanswered} lists nodes whose region did not answer
   * within the timeout (their counts are missing).
   */
  public record EntityType(String name, List<OnNode> nodes, List<String> unanswered) {
    public int shards() {
      return nodes.stream().mapToInt(OnNode::shards).sum();
    }

    public long entities() {
      return nodes.stream().mapToLong(OnNode::entities).sum();
    }
  }

  public CompletionStage<List<EntityType>> stats() {
    var names =
        ClusterSharding.get(system.classicSystem()).getShardTypeNames().stream().sorted().toList();
    var typed = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
    List<CompletableFuture<EntityType>> types = new ArrayList<>();
    for (String name : names) {
      types.add(
          AskPattern.<Object, ShardRegion.ClusterShardingStats>ask(
                  typed.shardState().unsafeUpcast(),
                  replyTo ->
                      new GetClusterShardingStats(
                          EntityTypeKey.create(Object.class, name), timeout, replyTo),
                  timeout.plusSeconds(1),
                  system.scheduler())
              .thenApply(stats -> entityType(name, stats))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(types.toArray(CompletableFuture[]::new))
        .thenApply(done -> types.stream().map(CompletableFuture::join).toList());
  }

  private static EntityType entityType(String name, ShardRegion.ClusterShardingStats stats) {
    var nodes = new ArrayList<OnNode>();
    var unanswered = new ArrayList<String>();
    stats
        .getRegions()
        .forEach(
            (address, region) -> {
              long entities =
                  region.getStats().values().stream()
                      .mapToLong(count -> ((Number) count).longValue())
                      .sum();
              nodes.add(new OnNode(address.toString(), region.getStats().size(), entities));
              if (!region.getFailed().isEmpty()) {
                unanswered.add(address + " (shards " + region.getFailed() + ")");
              }
            });
    nodes.sort(Comparator.comparing(OnNode::node));
    return new EntityType(name, List.copyOf(nodes), List.copyOf(unanswered));
  }
}
