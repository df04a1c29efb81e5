package dev.starling.ops.servers;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Starting and stopping servers side by side. Each gets a thread of its own: the common pool has a
 * single thread on a two-core machine, which would run them one after the other.
 */
final class Concurrently {
  private static final Executor THREAD_PER_TASK =
      task -> new Thread(task, "starling-servers").start();

  private Concurrently() {}

  static <T> CompletableFuture<T> supply(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, THREAD_PER_TASK);
  }

  /** Closes all at once and waits for all; a failure is rethrown once every close has finished. */
  static void closeAll(List<? extends AutoCloseable> resources) {
    CompletableFuture<?>[] closing =
        resources.stream()
            .map(
                resource ->
                    CompletableFuture.runAsync(() -> closeUnchecked(resource), THREAD_PER_TASK))
            .toArray(CompletableFuture[]::new);
    awaitAll(closing);
  }

  /** Waits for all; then rethrows the first failure, unwrapped. */
  static void awaitAll(CompletableFuture<?>... futures) {
    try {
      CompletableFuture.allOf(futures).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void closeUnchecked(AutoCloseable resource) {
    try {
      resource.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not close " + resource, e);
    }
  }
}
