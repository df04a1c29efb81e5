package dev.starling.ops.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one open-model stream did in the measured window.
 *
 * @param load responses to the arrivals due in the window, latency counted from when each was due
 *     (so a stall of the node or of this client shows in full, not only for the request that hit
 *     it); its window runs from the measured window's opening until the last of them completed, so
 *     that its rates are what the node achieved
 * @param due arrivals due in the window
 * @param lateStarts those that started more than {@link OpenLoop#LATE_AFTER} after they were due,
 *     because every worker was busy or this client was descheduled
 * @param notIssued those that could not start at all before the run gave up waiting
 * @param startDelayMicros how long after being due each arrival started
 */
public record OpenStreamResult(
    String name,
    double offeredPerSecond,
    int workers,
    LoadResult load,
    long due,
    long lateStarts,
    long notIssued,
    Histogram startDelayMicros) {

  /** Completed 2xx per second. */
  public double achievedPerSecond() {
    return load.okPerSecond();
  }
}
