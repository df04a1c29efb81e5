package dev.starling.read.trends;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How trends are counted ({@code starling.trends}).
 *
 * @param window the sliding window a tag's accounts are counted in
 * @param buckets buckets per window: the window slides one bucket at a time
 * @param baselineWindows windows before the current one whose mean is a tag's baseline
 * @param minAccounts distinct accounts a tag needs in the window before it can trend
 */
public record TrendSettings(
    Duration window, int buckets, int baselineWindows, int minAccounts, int lookupParallelism) {

  public TrendSettings {
    if (buckets < 1 || window.toMillis() / buckets < 1) {
      throw new IllegalArgumentException(
          "starling.trends: buckets must be at least 1 and at most the window in milliseconds");
    }
    if (baselineWindows < 0 || minAccounts < 1 || lookupParallelism < 1) {
      throw new IllegalArgumentException(
          "starling.trends: baseline-windows ≥ 0, min-accounts ≥ 1, author-lookups ≥ 1");
    }
  }

  public static TrendSettings from(Config trends) {
    return new TrendSettings(
        trends.getDuration("window"),
        trends.getInt("buckets"),
        trends.getInt("baseline-windows"),
        trends.getInt("min-accounts"),
        trends.getInt("author-lookups"));
  }

  public Duration bucketLength() {
    return Duration.ofMillis(window.toMillis() / buckets);
  }

  /** How far back the score looks: the current window and the baseline windows before it. */
  public Duration horizon() {
    return bucketLength().multipliedBy((long) buckets * (baselineWindows + 1));
  }
}
