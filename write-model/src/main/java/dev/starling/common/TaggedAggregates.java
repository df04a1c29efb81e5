package dev.starling.common;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Sharding for aggregates whose events feed projections: every entity gets its tag. */
public final class TaggedAggregates {
  /** How an aggregate builds one entity's behaviour. */
  @FunctionalInterface
  public interface Factory<C> {
    Behavior<C> create(String entityId, String tag, RetentionCriteria retention);
  }

  private TaggedAggregates() {}

  public static <C> void init(
      ActorSystem<?> system, EntityTypeKey<C> key, String aggregate, Factory<C> factory) {
    var retention = EntitySettings.fromConfig(system).retention();
    int tags = Tags.perAggregate(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(
                key,
                ctx ->
                    factory.create(
                        ctx.getEntityId(),
                        Tags.forEntity(aggregate, ctx.getEntityId(), tags),
                        retention)));
  }
}
