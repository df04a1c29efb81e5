package dev.starling.read.trends;

/** Answers what is trending where, from this node's {@link TrendWindows}. */
public final class TrendsQuery {
  private final TrendWindows windows;

  public TrendsQuery(TrendWindows windows) {
    this.windows = windows;
  }

  /**
   * @param geography in its normal form ({@link Geography#parse})
   */
  public TrendsView trends(String geography, int limit) {
    return windows.ranking(geography, limit);
  }
}
