package dev.starling.ops.bench.load;

import java.time.Duration;

/** Something that runs beside a case's measured window only: a probe, a CPU meter, a profiler. */
public interface DuringMeasurement {
  /**
   * Called as the warm-up begins, for whatever is slow to set up: the window opens in {@code
   * untilOpen} and lasts {@code length}.
   */
  default void prepare(Duration untilOpen, Duration length) {}

  /** The window opens. */
  void start();

  /** The window has closed. */
  void stop();
}
