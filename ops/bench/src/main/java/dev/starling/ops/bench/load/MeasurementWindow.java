package dev.starling.ops.bench.load;

/**
 * The stretch of time whose responses count, in {@link System#nanoTime()} units. A connection sends
 * no request once the window has ended; the end can be brought forward by {@link #endNow}.
 */
final class MeasurementWindow {
  private final long from;
  private volatile long until;

  MeasurementWindow(long from, long until) {
    this.from = from;
    this.until = until;
  }

  long from() {
    return from;
  }

  long until() {
    return until;
  }

  boolean contains(long nanoTime) {
    return nanoTime >= from && nanoTime < until;
  }

  void endNow() {
    until = System.nanoTime();
  }
}
