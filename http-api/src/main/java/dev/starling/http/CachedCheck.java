package dev.starling.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An asynchronous check (readiness, for one) that callers can ask as often as they like: callers
 * arriving while a run is in flight share it, and a finished run's result — success or failure —
 * answers every caller for {@code ttl} after it finished. So the work a check does per second is
 * bounded by the TTL, not by how often it is probed.
 */
public final class CachedCheck<T> implements Supplier<CompletionStage<T>> {
  private final Supplier<CompletionStage<T>> check;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final AtomicReference<Run<T>> latest = new AtomicReference<>();

  public CachedCheck(Supplier<CompletionStage<T>> check, Duration ttl) {
    this(check, ttl, System::nanoTime);
  }

  CachedCheck(Supplier<CompletionStage<T>> check, Duration ttl, LongSupplier nanoClock) {
    this.check = check;
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public CompletionStage<T> get() {
    while (true) {
      Run<T> current = latest.get();
      if (current != null && current.isFresh(nanoClock.getAsLong(), ttlNanos)) {
        return current.result.minimalCompletionStage();
      }
      Run<T> next = new Run<>();
      if (latest.compareAndSet(current, next)) {
        start(next);
        return next.result.minimalCompletionStage();
      }
    }
  }

  private void start(Run<T> run) {
    CompletionStage<T> stage;
    try {
      stage = check.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (value, failure) -> {
          run.finishedAt = nanoClock.getAsLong();
          if (failure != null) {
            run.result.completeExceptionally(failure);
          } else {
            run.result.complete(value);
          }
        });
  }

  private static final class Run<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();

    /** Written before {@link #result} completes, so whoever sees it done sees this too. */
    volatile long finishedAt;

    boolean isFresh(long now, long ttlNanos) {
      return !result.isDone() || now - finishedAt < ttlNanos;
    }
  }
}
