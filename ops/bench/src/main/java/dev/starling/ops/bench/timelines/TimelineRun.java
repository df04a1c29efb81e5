package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.host.HeapAfterGc;
import dev.starling.ops.bench.journal.PersistLoopResult;
import dev.starling.ops.bench.journal.RawInsertLoop;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.load.OpenStreamResult;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** Everything one run of the timeline benchmark measured, phase by phase. */
public record TimelineRun(
    OpenPhase open, SaturationPhase saturation, Baselines baselines, Optional<HeapAfterGc> heap) {

  /**
   * @param watchPolls home-timeline polls of the delivery watch per second, over its whole run
   */
  public record OpenPhase(
      OpenStreamResult posts,
      OpenStreamResult reads,
      DeliveryWatch.Result deliveries,
      double watchPolls,
      Optional<CpuUse> cpu) {}

  /**
   * @param deliveriesPerSecond growth of the node's fan-out counter over the window; empty when the
   *     node does not expose it
   * @param settledAfter how long after the posts stopped the node went quiet
   * @param settled false when it was still busy when the bench stopped waiting
   */
  public record SaturationPhase(
      LoadResult posts,
      OptionalDouble deliveriesPerSecond,
      Optional<CpuUse> cpu,
      Duration settledAfter,
      boolean settled) {}

  public record Baselines(
      PersistLoopResult persistLoop,
      Optional<CpuUse> persistCpu,
      RawInsertLoop.Result rawInserts,
      Optional<CpuUse> rawCpu) {}

  /** Posts per second at saturation ÷ bare persists per second. */
  public double postsVsPersistLoop() {
    return saturation.posts().okPerSecond() / baselines.persistLoop().persistsPerSecond();
  }

  /**
   * Fan-out deliveries per second at saturation ÷ raw inserts per second; empty without the metric.
   */
  public OptionalDouble deliveriesVsRawInserts() {
    return saturation.deliveriesPerSecond().isPresent()
        ? OptionalDouble.of(
            saturation.deliveriesPerSecond().getAsDouble() / baselines.rawInserts().rowsPerSecond())
        : OptionalDouble.empty();
  }
}
