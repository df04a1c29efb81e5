package dev.starling.read.generation;

import dev.starling.read.projection.TaggedProjections;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * One projection feeding a replayable model: its name, the aggregate whose tags it reads and the
 * handler it runs over a repository of one generation. Every generation runs the same handler class
 * under a projection name (and offsets) of its own.
 */
public final class Feed<R> {
  private final String projection;
  private final String aggregate;
  private final Starter<R> starter;

  private interface Starter<R> {
    void start(ActorSystem<?> system, String projectionName, R repository, Runnable applied);
  }

  private Feed(String projection, String aggregate, Starter<R> starter) {
    this.projection = projection;
    this.aggregate = aggregate;
    this.starter = starter;
  }

  public static <R, E> Feed<R> of(
      String projection, String aggregate, Function<R, Handler<EventEnvelope<E>>> handler) {
    return new Feed<>(
        projection,
        aggregate,
        (system, name, repository, applied) ->
            TaggedProjections.<E>start(
                system, name, aggregate, () -> new Counted<>(handler.apply(repository), applied)));
  }

  public String projection() {
    return projection;
  }

  public String aggregate() {
    return aggregate;
  }

  /** Starts this feed's projection for one generation; {@code applied} runs after each event. */
  void start(ActorSystem<?> system, int generation, R repository, Runnable applied) {
    starter.start(
        system, ReplayableModel.projectionName(projection, generation), repository, applied);
  }

  /** The model's handler, telling after each event it applied. */
  private static final class Counted<E> extends Handler<EventEnvelope<E>> {
    private final Handler<EventEnvelope<E>> handler;
    private final Runnable applied;

    Counted(Handler<EventEnvelope<E>> handler, Runnable applied) {
      this.handler = handler;
      this.applied = applied;
    }

    @Override
    public CompletionStage<Done> start() {
      return handler.start();
    }

    @Override
    public CompletionStage<Done> stop() {
      return handler.stop();
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<E> envelope) throws Exception {
      return handler
          .process(envelope)
          .thenApply(
              done -> {
                applied.run();
                return done;
              });
    }
  }
}
