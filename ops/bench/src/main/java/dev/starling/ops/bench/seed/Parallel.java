package dev.starling.ops.bench.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs seeding tasks on a bounded number of threads and fails on the first task that fails. */
final class Parallel {
  private Parallel() {}

  static <T> List<T> run(List<Callable<T>> tasks, int parallelism) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, tasks.size())));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new SeedingFailed("seeding task failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeedingFailed("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
