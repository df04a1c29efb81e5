package dev.starling.app;

import dev.starling.common.Stages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * {@code starling_entities{type}}: the entities alive in this node's shard region of each sharded
 * type ({@code GetShardRegionState}; passivated entities are not counted). Read only when someone
 * looks: {@link #refreshIfStale()} (called on every scrape) starts a read when the last one is
 * older than the interval, and the gauges show what the last read found, so the values are one
 * scrape old. A type appears after the first read that finds its region.
 */
public final class EntityCounts {
  private final ActorSystem<?> system;
  private final ReadThrottle throttle;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public EntityCounts(ActorSystem<?> system, Duration interval, MeterRegistry registry) {
    this.system = system;
    this.throttle = new ReadThrottle(interval);
    this.registry = registry;
  }

  public void refreshIfStale() {
    if (!throttle.tryStart()) {
      return;
    }
    var names = ClusterSharding.get(system.classicSystem()).getShardTypeNames();
    var typed = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
    var remaining = new AtomicLong(names.size());
    if (names.isEmpty()) {
      throttle.done();
      return;
    }
    for (String name : names) {
      Stages.plain(
              AskPattern
                  .<Object, org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState>
                      ask(
                          typed.shardState().unsafeUpcast(),
                          replyTo ->
                              new GetShardRegionState(
                                  EntityTypeKey.create(Object.class, name), replyTo),
                          Duration.ofSeconds(5),
                          system.scheduler()))
          .whenComplete(
              (state, failure) -> {
                if (state != null) {
                  long entities =
                      state.getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum();
                  counter(name).set(entities);
                }
                if (remaining.decrementAndGet() == 0) {
                  throttle.done();
                }
              });
    }
  }

  private AtomicLong counter(String type) {
    return counts.computeIfAbsent(
        type,
        key -> {
          var count = new AtomicLong();
          Gauge.builder("starling.entities", count, AtomicLong::get)
              .description(
                  "Entities alive in this node's shard region of the type (passivated ones are not"
                      + " counted), as of the last read")
              .tag("type", type)
              .strongReference(true)
              .register(registry);
          return count;
        });
  }
}
