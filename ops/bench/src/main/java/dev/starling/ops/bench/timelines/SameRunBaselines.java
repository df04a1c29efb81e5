package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.journal.BarePersistLoop;
import dev.starling.ops.bench.journal.NodeJournalSettings;
import dev.starling.ops.bench.journal.PersistLoopResult;
import dev.starling.ops.bench.journal.RawInsertLoop;
import dev.starling.ops.bench.load.DuringMeasurement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ceilings the node is held against, measured in the same run on the same Cassandra while the
 * node idles: the journal (a bare persist loop) and the home-timeline table (raw inserts), each
 * with as many entities or writes in flight as the saturation phase had posts.
 */
public final class SameRunBaselines {
  public static final Duration WARMUP = Duration.ofSeconds(5);

  /**
   * The bare persist loop runs in this JVM, which is cold while the node's has run for minutes:
   * measured cold it journaled half as fast as warm.
   */
  public static final Duration JOURNAL_CLIENT_WARMUP = Duration.ofSeconds(30);

  private final NodeJournalSettings journal;
  private final String runId;
  private final int inFlight;
  private final Duration duration;

  public SameRunBaselines(
      NodeJournalSettings journal, String runId, int inFlight, Duration duration) {
    this.journal = journal;
    this.runId = runId;
    this.inFlight = inFlight;
    this.duration = duration;
  }

  /** Runs the persist loop unmeasured, for JIT and connections; best before anything else. */
  public PersistLoopResult warmJournalClient() {
    return new BarePersistLoop(journal, runId + "-warm")
        .run(inFlight, Duration.ZERO, JOURNAL_CLIENT_WARMUP, List.of());
  }

  /** A baseline's result and the CPU its window used. */
  public record Measured<T>(T result, Optional<CpuUse> cpu) {}

  public Measured<PersistLoopResult> persistLoop(Optional<CpuMeter> cpu) {
    PhaseCpu phaseCpu = new PhaseCpu(cpu);
    PersistLoopResult result =
        new BarePersistLoop(journal, runId).run(inFlight, WARMUP, duration, phaseCpu.beside());
    return new Measured<>(result, phaseCpu.use());
  }

  /**
   * @param timelines how many timelines the rows spread over: as many as the graph has users
   */
  public Measured<RawInsertLoop.Result> rawInserts(int timelines, Optional<CpuMeter> cpu) {
    PhaseCpu phaseCpu = new PhaseCpu(cpu);
    List<DuringMeasurement> beside = phaseCpu.beside();
    RawInsertLoop.Result result =
        new RawInsertLoop(journal).run(inFlight, timelines, WARMUP, duration, beside);
    return new Measured<>(result, phaseCpu.use());
  }
}
