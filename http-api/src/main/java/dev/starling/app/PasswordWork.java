package dev.starling.app;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where password hashes are computed: a few threads of their own and a short queue. Hashing is
 * deliberately expensive, so unbounded, it lets a burst of sign-ups or logins take every core for
 * minutes, long after their clients gave up. Here, work that finds the queue full fails at once
 * with {@link RejectedExecutionException} (the API answers 503 with Retry-After), and work that
 * waited longer than {@code maxWait} in the queue is dropped unstarted: its client has had its
 * answer (a timeout) by then.
 */
public final class PasswordWork implements AutoCloseable {
  private final ThreadPoolExecutor pool;
  private final long maxWaitNanos;

  public PasswordWork(int threads, int queue, Duration maxWait) {
    int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    var names = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            size,
            size,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            work -> {
              var thread = new Thread(work, "password-work-" + names.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    maxWaitNanos = maxWait.toNanos();
  }

  /** Runs {@code work} on the pool, or fails at once when the pool is saturated. */
  public <T> CompletionStage<T> run(Supplier<T> work) {
    var result = new CompletableFuture<T>();
    long queuedAt = System.nanoTime();
    try {
      pool.execute(
          () -> {
            if (System.nanoTime() - queuedAt > maxWaitNanos) {
              result.completeExceptionally(
                  new RejectedExecutionException("password work waited too long; dropped"));
              return;
            }
            try {
              result.complete(work.get());
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException full) {
      result.completeExceptionally(full);
    }
    return result;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
