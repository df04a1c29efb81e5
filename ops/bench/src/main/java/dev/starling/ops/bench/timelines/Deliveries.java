package dev.starling.ops.bench.timelines;

import org.HdrHistogram.Histogram;

/**
 * How posts of one kind of author reached the followers watching them.
 *
 * @param posts watched posts
 * @param observations (post, watching follower) pairs
 * @param missing pairs where the tweet had not shown after the give-up time; they are in {@code
 *     latencyMicros} at that time, so percentiles cannot look better by leaving them out
 * @param latencyMicros from the post's {@code 201} to the first home-timeline poll showing it
 */
public record Deliveries(
    AuthorKind kind, long posts, long observations, long missing, Histogram latencyMicros) {

  /** NaN when nothing was observed. */
  public double latencyMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
  }

  public double maxMillis() {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1_000.0;
  }
}
