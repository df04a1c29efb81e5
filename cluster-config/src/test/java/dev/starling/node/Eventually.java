package dev.starling.node;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for read models that promise freshness within a bound, failing past that bound. */
final class Eventually {
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
