package dev.starling.ops.bench.load;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What a set of connections measured inside one window.
 *
 * @param latencyMicros every response completed in the window, whatever its status
 * @param okLatencyMicros the 2xx responses among them
 * @param outcomes the same responses plus the I/O errors, by outcome
 * @param allRequests every request completed, warm-up and tail included: the denominator for
 *     anything the node counts over the whole run of the case
 */
public record LoadResult(
    int connections,
    Duration window,
    Histogram latencyMicros,
    Histogram okLatencyMicros,
    OutcomeCounts outcomes,
    long allRequests) {

  public long measuredRequests() {
    return outcomes.total();
  }

  public double requestsPerSecond() {
    return measuredRequests() / (window.toNanos() / 1e9);
  }

  /** Only the 2xx answers: a route failing fast must not look fast. */
  public double okPerSecond() {
    return outcomes.get(Outcome.OK) / (window.toNanos() / 1e9);
  }

  /** Latency at {@code percentile} (e.g. 99.9) in milliseconds; NaN with no response. */
  public double latencyMillis(double percentile) {
    return millisAt(latencyMicros, percentile);
  }

  /** The same over the 2xx responses only. */
  public double okLatencyMillis(double percentile) {
    return millisAt(okLatencyMicros, percentile);
  }

  private static double millisAt(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0
        ? Double.NaN
        : micros.getValueAtPercentile(percentile) / 1_000.0;
  }
}
