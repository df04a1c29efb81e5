package dev.starling.app;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Asks sharded entities, wherever in the cluster they live, with one timeout for all. */
public final class Entities {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public Entities(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  public <M, R> CompletionStage<R> ask(
      EntityTypeKey<M> type, String entityId, Function<ActorRef<R>, M> command) {
    return sharding.entityRefFor(type, entityId).ask(command::apply, askTimeout);
  }
}
