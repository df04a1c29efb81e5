package dev.starling.app;

import dev.starling.common.Stages;
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
 * edge writers and the sharded daemon processes that run the projection instances. With each type
 * comes its balance: how many shards the coordinator's allocation strategy still has to move (after
 * a node joined or left), judged by the strategy's own rule and limits.
 */
public final class Shards {
  private static final String STRATEGY = "pekko.cluster.sharding.least-shard-allocation-strategy";

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final RebalanceLimits limits;

  public Shards(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
    var config = system.settings().config();
    limits =
        new RebalanceLimits(
            config.getInt(STRATEGY + ".rebalance-absolute-limit"),
            config.getDouble(STRATEGY + ".rebalance-relative-limit"),
            config.getDuration("pekko.cluster.sharding.rebalance-interval"));
  }

  /**
   * The coordinator's rebalance settings: at most {@code min(absolute, relative × shards)} (at
   * least 1) shards move per round, one round every {@code interval}.
   */
  public record RebalanceLimits(int absolute, double relative, Duration interval) {
    public int perRound(int shards) {
      return Math.max(1, Math.min((int) (relative * shards), absolute));
    }
  }

  /**
   * Where a type's shards stand against an even spread: {@code fairShare} is the most shards a node
   * should hold (shards ÷ nodes, rounded up); {@code toMove} the shards the allocation strategy
   * will still hand over, {@code perRound} of them per rebalance interval. Balanced when nothing is
   * left to move.
   */
  public record Rebalance(int fairShare, int toMove, int perRound, Duration interval) {
    public boolean balanced() {
      return toMove == 0;
    }

    /** Rebalance rounds left, each one {@code interval} apart. */
    public int roundsLeft() {
      return (toMove + perRound - 1) / perRound;
    }

    /**
     * The rule of Pekko's {@code LeastShardAllocationStrategy} (the newer algorithm, which the
     * node's configuration selects): shards above the fair share on any node move first; once no
     * node is above it, a node two or more below it takes one shard from each node at the fair
     * share.
     */
    static Rebalance of(List<Integer> shardsPerNode, RebalanceLimits limits) {
      int total = shardsPerNode.stream().mapToInt(Integer::intValue).sum();
      int nodes = shardsPerNode.size();
      if (nodes == 0 || total == 0) {
        return new Rebalance(0, 0, 1, limits.interval());
      }
      int fairShare = (total + nodes - 1) / nodes;
      int above = shardsPerNode.stream().mapToInt(s -> Math.max(0, s - fairShare)).sum();
      int toMove = above;
      if (above == 0) {
        int below = shardsPerNode.stream().mapToInt(s -> Math.max(0, fairShare - 1 - s)).sum();
        long donors = shardsPerNode.stream().filter(s -> s >= fairShare).count();
        toMove = below == 0 ? 0 : (int) Math.min(below, donors);
      }
      return new Rebalance(fairShare, toMove, limits.perRound(total), limits.interval());
    }
  }

  /** One node's part of an entity type. */
  public record OnNode(String node, int shards, long entities) {}

  /**
   * An entity type across the cluster; {@code unanswered} lists nodes whose region did not answer
   * within the timeout (their counts are missing).
   */
  public record EntityType(
      String name, List<OnNode> nodes, List<String> unanswered, Rebalance rebalance) {
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
          Stages.plain(
                  AskPattern.<Object, ShardRegion.ClusterShardingStats>ask(
                      typed.shardState().unsafeUpcast(),
                      replyTo ->
                          new GetClusterShardingStats(
                              EntityTypeKey.create(Object.class, name), timeout, replyTo),
                      timeout.plusSeconds(1),
                      system.scheduler()))
              .thenApply(stats -> entityType(name, stats, limits)));
    }
    return CompletableFuture.allOf(types.toArray(CompletableFuture[]::new))
        .thenApply(done -> types.stream().map(CompletableFuture::join).toList());
  }

  private static EntityType entityType(
      String name, ShardRegion.ClusterShardingStats stats, RebalanceLimits limits) {
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
    var rebalance = Rebalance.of(nodes.stream().map(OnNode::shards).toList(), limits);
    return new EntityType(name, List.copyOf(nodes), List.copyOf(unanswered), rebalance);
  }
}
