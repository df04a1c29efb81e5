package dev.starling.ops.bench.journal;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What the bare persist loop did in its measured window.
 *
 * @param persisted persists acknowledged in the window
 * @param failed persists that failed or timed out in the window
 * @param latencyMicros from command to acknowledgement, for those acknowledged in the window
 */
public record PersistLoopResult(
    int entities, Duration window, long persisted, long failed, Histogram latencyMicros) {

  public double persistsPerSecond() {
    return persisted / (window.toNanos() / 1e9);
  }

  public double latencyMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
  }
}
