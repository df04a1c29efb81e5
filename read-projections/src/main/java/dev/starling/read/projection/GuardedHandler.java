package dev.starling.read.projection;

import dev.starling.common.Stages;
import dev.starling.common.tracing.TraceParent;
import dev.starling.read.store.Unavailability;
import dev.starling.read.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a projection's handler so that an event it cannot apply does not restart the projection
 * forever: the event is retried with growing delays a bounded number of times, then the instance
 * stops on it ({@link ProjectionControl#stopOn}) until an operator resumes or skips it.
 *
 * <p>A failure that says a store is unavailable ({@link Unavailability}) is not the event's fault:
 * it fails the projection as before, which restarts after {@code pekko.projection.restart-backoff}
 * from its stored offset, as often as it takes.
 */
final class GuardedHandler<E> extends Handler<EventEnvelope<E>> {
  private static final Logger log = LoggerFactory.getLogger(GuardedHandler.class);

  private final ProjectionId id;
  private final Handler<EventEnvelope<E>> handler;
  private final ProjectionControl control;
  private final RetryPolicy retries;
  private final ActorSystem<?> system;
  private final Function<EventEnvelope<E>, Optional<TraceParent>> traceOf;
  private boolean stoppedOnRecord;

  GuardedHandler(
      ProjectionId id,
      Handler<EventEnvelope<E>> handler,
      ProjectionControl control,
      RetryPolicy retries,
      ActorSystem<?> system,
      Function<EventEnvelope<E>, Optional<TraceParent>> traceOf) {
    this.id = id;
    this.handler = handler;
    this.control = control;
    this.retries = retries;
    this.system = system;
    this.traceOf = traceOf;
  }

  @Override
  public CompletionStage<Done> start() {
    return handler
        .start()
        .thenCompose(done -> control.stoppedOn(id))
        .thenApply(
            stopped -> {
              stoppedOnRecord = stopped.isPresent();
              return Done.getInstance();
            });
  }

  @Override
  public CompletionStage<Done> stop() {
    return handler.stop();
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<E> envelope) {
    Optional<TraceParent> trace = traceOf.apply(envelope);
    if (trace.isEmpty()) {
      return attempt(envelope, 1);
    }
    return traced(envelope, trace.get());
  }

  /**
   * Applies an event written within a traced request in a CONSUMER span of that trace, a child of
   * the span that asked the entity to write it; the span covers every attempt.
   */
  private CompletionStage<Done> traced(EventEnvelope<E> envelope, TraceParent trace) {
    Span span =
        Tracing.get(system)
            .tracer()
            .spanBuilder("projection " + id.name())
            .setParent(Tracing.context(trace))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(Tracing.PROJECTION, id.name())
            .setAttribute(Tracing.PROJECTION_INSTANCE, id.key())
            .setAttribute(Tracing.PERSISTENCE_ID, envelope.persistenceId())
            .setAttribute(Tracing.SEQUENCE_NR, envelope.sequenceNr())
            .setAttribute(Tracing.EVENT, envelope.event().getClass().getSimpleName())
            .startSpan();
    CompletionStage<Done> processed;
    try (Scope scope = span.makeCurrent()) {
      processed = attempt(envelope, 1);
    }
    return processed.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            span.recordException(Stages.unwrap(failure));
            span.setStatus(StatusCode.ERROR);
          }
          span.end();
        });
  }

  private CompletionStage<Done> attempt(EventEnvelope<E> envelope, int attempt) {
    CompletionStage<Done> processed;
    try {
      processed = handler.process(envelope);
    } catch (Exception e) {
      processed = CompletableFuture.failedFuture(e);
    }
    return processed
        .handle(
            (done, failure) ->
                failure == null ? succeeded() : failed(envelope, attempt, Stages.unwrap(failure)))
        .thenCompose(Function.identity());
  }

  /** The first event applied after a stop (resumed, skipped past or reset) ends the stop. */
  private CompletionStage<Done> succeeded() {
    if (!stoppedOnRecord) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    stoppedOnRecord = false;
    return control.cleared(id).thenApply(cleared -> Done.getInstance());
  }

  private CompletionStage<Done> failed(EventEnvelope<E> envelope, int attempt, Throwable failure) {
    if (Unavailability.isUnavailable(failure)) {
      return CompletableFuture.failedFuture(failure);
    }
    if (attempt > retries.retries()) {
      stoppedOnRecord = true;
      return control
          .stopOn(id, envelope, attempt, failure)
          .thenCompose(
              stopped ->
                  CompletableFuture.failedFuture(
                      new StoppedOnEventException(id, envelope, failure)));
    }
    Duration delay = retries.delayAfter(attempt);
    log.warn(
        "Projection {} failed on event {} #{} (attempt {} of {}), retrying in {} ms: {}",
        id.id(),
        envelope.persistenceId(),
        envelope.sequenceNr(),
        attempt,
        retries.retries() + 1,
        delay.toMillis(),
        failure.toString());
    return Stages.plain(
        Patterns.after(
            delay,
            system.classicSystem().scheduler(),
            system.executionContext(),
            () -> attempt(envelope, attempt + 1)));
  }

  /** Ends the projection's stream once it stopped on an event (its stop is stored). */
  static final class StoppedOnEventException extends RuntimeException {
    StoppedOnEventException(ProjectionId id, EventEnvelope<?> envelope, Throwable failure) {
      super(
          "projection "
              + id.id()
              + " stopped on event "
              + envelope.persistenceId()
              + " #"
              + envelope.sequenceNr(),
          failure);
    }
  }
}
