package dev.starling.read.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A replayable read model as {@code ops/starling read-models} lists it: the generation queries
 * read, the one being built and how far it is, and every generation ever started.
 */
public record ReadModelStatus(
    String name,
    Optional<Integer> active,
    Optional<Integer> building,
    State state,
    Optional<Progress> progress,
    Optional<LastSwitch> lastSwitch,
    List<Generation> generations) {

  public enum State {
    /** Queries read the active generation; nothing is being built. */
    SERVING,
    /** A replay builds a new generation while queries read the active one. */
    REPLAYING,
    /** A backfill builds the first generation; queries answer 503 until it switches. */
    BACKFILLING,
    /** The generation being built has caught up and waits for {@code read-models switch}. */
    CAUGHT_UP,
    /** No generation: a model added after its events, waiting for {@code backfill}. */
    EMPTY;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The generation being built: events its projections applied, their rate since it started, the
   * events still ahead of it in the journal (counted as {@code projections} counts lag) and the
   * time that leaves at this rate.
   */
  public record Progress(
      int generation,
      Instant startedAt,
      long events,
      double eventsPerSecond,
      long lagEvents,
      boolean lagAtLeast,
      Optional<Duration> eta,
      boolean manualSwitch,
      Optional<Instant> caughtUpAt) {}

  /**
   * How the active generation came to be: built from the journal since {@code startedAt}, caught up
   * at {@code caughtUpAt}, made active at {@code switchedAt}; {@code from} is empty after a
   * backfill.
   */
  public record LastSwitch(
      Optional<Integer> from,
      int to,
      long events,
      Instant startedAt,
      Optional<Instant> caughtUpAt,
      Instant switchedAt) {
    public Duration buildTime() {
      return Duration.between(startedAt, caughtUpAt.orElse(switchedAt));
    }

    public double eventsPerSecond() {
      return events / Math.max(0.001, buildTime().toMillis() / 1000.0);
    }
  }

  public record Generation(
      int generation,
      String role,
      List<String> tables,
      List<String> projections,
      Optional<Instant> startedAt,
      Optional<Instant> caughtUpAt,
      Optional<Instant> switchedAt,
      Optional<Integer> switchedFrom,
      Optional<Instant> droppedAt,
      long eventsReplayed) {}
}
