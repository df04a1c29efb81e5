package dev.starling.app;

import dev.starling.common.Stages;
import dev.starling.common.tracing.TraceParent;
import dev.starling.common.tracing.TracedCommand;
import dev.starling.read.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Asks sharded entities, wherever in the cluster they live, with one timeout for all, and times
 * every ask as {@code starling_entity_ask_seconds{type,outcome}}.
 *
 * <p>With tracing on, an ask made within a traced request is a CLIENT span {@code entity <type>
 * <command>} of that request's trace, and the command travels as a {@link TracedCommand}, so the
 * events it persists carry the trace on to the projections (every entity asked here is a {@link
 * dev.starling.common.tracing.TracedAggregate}). The caller's continuation runs in the caller's
 * trace context again, so a service's next ask joins the same request.
 */
public final class Entities {
  static final String DESCRIPTION =
      "Asks of sharded entities, from the ask to the reply: includes the hop to the entity's node,"
          + " a recovery if it was not in memory, and the journal write of a command that persists"
          + " (the persist latency as the API sees it). outcome: replied, timeout, failed";

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final MeterRegistry registry;
  private final Tracing tracing;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public Entities(ActorSystem<?> system, Duration askTimeout, MeterRegistry registry) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.registry = registry;
    this.tracing = Tracing.get(system);
  }

  public <M, R> CompletionStage<R> ask(
      EntityTypeKey<M> type, String entityId, Function<ActorRef<R>, M> command) {
    long start = System.nanoTime();
    CompletionStage<R> reply =
        tracing.enabled() && Tracing.inTrace(Context.current())
            ? tracedAsk(type, entityId, command)
            : Stages.plain(sharding.entityRefFor(type, entityId).ask(command::apply, askTimeout));
    reply.whenComplete(
        (result, failure) ->
            timer(type.name(), outcome(failure))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    return reply;
  }

  private <M, R> CompletionStage<R> tracedAsk(
      EntityTypeKey<M> type, String entityId, Function<ActorRef<R>, M> command) {
    Context caller = Context.current();
    Span span =
        tracing
            .tracer()
            .spanBuilder("entity " + type.name())
            .setParent(caller)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(Tracing.ENTITY_TYPE, type.name())
            .setAttribute(Tracing.PERSISTENCE_ID, PersistenceId.of(type.name(), entityId).id())
            .startSpan();
    Optional<TraceParent> trace = Tracing.traceParent(caller.with(span));
    @SuppressWarnings("unchecked")
    EntityRef<Object> entity =
        (EntityRef<Object>) (EntityRef<?>) sharding.entityRefFor(type, entityId);
    CompletionStage<R> reply =
        entity.ask(
            replyTo -> {
              M message = command.apply(replyTo);
              String name = message.getClass().getSimpleName();
              span.updateName("entity " + type.name() + " " + name);
              span.setAttribute(Tracing.COMMAND, name);
              return trace.<Object>map(t -> new TracedCommand(t, message)).orElse(message);
            },
            askTimeout);
    return reply.whenCompleteAsync(
        (result, failure) -> {
          if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
          }
          span.end();
        },
        caller.wrap((Executor) Runnable::run));
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
