package dev.starling.node;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a read model until it shows what a test expects. The bound is generous on purpose:
 * freshness targets (a follower's timeline under 1 s at P99, notifications under 2 s) are measured
 * by benchmarks, not asserted by tests that a loaded CI machine could fail.
 */
final class Eventually {
  static final Duration BOUND = Duration.ofSeconds(10);

  private Eventually() {}

  static <T> T within(Duration bound, Supplier<T> attempt, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + bound.toNanos();
    T last = attempt.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + bound + "; last value: " + last);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = attempt.get();
    }
    return last;
  }
}
