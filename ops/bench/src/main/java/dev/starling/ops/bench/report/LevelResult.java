package dev.starling.ops.bench.report;

import dev.starling.ops.bench.load.LoadResult;
import java.util.List;
import java.util.Optional;

/**
 * Every case at one concurrency level.
 *
 * @param saturatedProbe the constant route, asked over one extra connection while
 *     home_timeline?limit=20 ran; only at the highest levels
 */
public record LevelResult(
    int connections,
    CaseResult baseline,
    CaseResult homeLimit20,
    CaseResult homeLimit100,
    CaseResult userTweets,
    Optional<LoadResult> saturatedProbe) {

  public List<CaseResult> cases() {
    return List.of(baseline, homeLimit20, homeLimit100, userTweets);
  }

  /**
   * What a limit=100 page costs relative to a limit=20 page, from throughput of {@code 200}
   * answers: with every connection busy the node's time per page is the inverse of its pages per
   * second, and errors that fail fast are left out so that they cannot make a page look cheap.
   */
  public double limit100CostByThroughput() {
    return homeLimit20.load().okPerSecond() / homeLimit100.load().okPerSecond();
  }

  /**
   * The same ratio from the median latency of {@code 200} answers, which also holds when the node
   * is not saturated, but not when requests queue inside it.
   */
  public double limit100CostByMedianLatency() {
    return homeLimit100.load().okLatencyMillis(50) / homeLimit20.load().okLatencyMillis(50);
  }
}
