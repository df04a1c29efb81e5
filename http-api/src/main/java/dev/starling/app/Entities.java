package dev.starling.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Asks sharded entities, wherever in the cluster they live, with one timeout for all, and times
 * every ask as {@code starling_entity_ask_seconds{type,outcome}}.
 */
public final class Entities {
  static final String DESCRIPTION =
      "Asks of sharded entities, from the ask to the reply: includes the hop to the entity's node,"
          + " a recovery if it was not in memory, and the journal write of a command that persists"
          + " (the persist latency as the API sees it). outcome: replied, timeout, failed";

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public Entities(ActorSystem<?> system, Duration askTimeout, MeterRegistry registry) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.registry = registry;
  }

  public <M, R> CompletionStage<R> ask(
      EntityTypeKey<M> type, String entityId, Function<ActorRef<R>, M> command) {
    long start = System.nanoTime();
    CompletionStage<R> reply =
        sharding.entityRefFor(type, entityId).ask(command::apply, askTimeout);
    reply.whenComplete(
        (result, failure) ->
            timer(type.name(), outcome(failure))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    return reply;
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "replied";
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof TimeoutException ? "timeout" : "failed";
  }

  private Timer timer(String type, String outcome) {
    return timers.computeIfAbsent(
        type + ' ' + outcome,
        key ->
            Timer.builder("starling.entity.ask")
                .description(DESCRIPTION)
                .tag("type", type)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
  }
}
