package dev.starling.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Where the continuations of Pekko's {@link CompletionStage}s run.
 *
 * <p>Every stage Pekko's Java API returns (an entity or actor ask, a stream's materialized value, a
 * queue offer, a Kafka send, a route's result) is Scala's {@code FutureConverters} view of a Scala
 * {@code Future}. That view turns each non-async call ({@code thenApply}, {@code thenCompose},
 * {@code whenComplete}, …) into its async twin on {@code CompletableFuture}'s default executor, and
 * when the common fork-join pool has a parallelism of 1 — any machine with two cores — that
 * executor starts a <em>new thread for every callback</em>. A node serving a hundred pages a second
 * started over a hundred threads a second that way (JFR's {@code jdk.ThreadStart} in {@code
 * ops/starling bench timelines --profile}).
 *
 * <p>{@link #plain} gives a plain {@link CompletableFuture} completed on the thread that completes
 * the stage, so what is chained on it runs there, as it does for any other future in the node. Call
 * it where such a stage enters Starling's code, before anything is chained on it.
 */
public final class Stages {
  private static final Executor COMPLETING_THREAD = Runnable::run;

  private Stages() {}

  /**
   * The same outcome as {@code stage} (its value, or the very exception it failed with), as a plain
   * future whose continuations run on the thread that completed it.
   */
  public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
    if (stage.getClass() == CompletableFuture.class) {
      return (CompletableFuture<T>) stage;
    }
    var plain = new CompletableFuture<T>();
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure == null) {
            plain.complete(value);
          } else {
            plain.completeExceptionally(failure);
          }
        },
        COMPLETING_THREAD);
    return plain;
  }

  /** The failure inside the wrappers that futures and asks put around it. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
