package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.metrics.NodeCounter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Waits for the work a phase leaves behind in the node (the fan-out backlog, the projections
 * catching up) so that the next phase, or a baseline, does not share the machine with it: quiet
 * means the fan-out counter stopped growing and the node's JVM uses under {@link #BUSY_CORES}, for
 * two seconds in a row. Either signal is skipped when it cannot be read.
 */
public final class NodeSettling {
  static final double BUSY_CORES = 0.3;
  private static final Duration STEP = Duration.ofSeconds(1);
  private static final int QUIET_STEPS = 2;

  private NodeSettling() {}

  /**
   * @param quiet false when {@code most} ran out first
   */
  public record Settled(Duration waited, boolean quiet) {}

  public static Settled await(NodeCounter deliveries, Optional<CpuMeter> cpu, Duration most) {
    long started = System.nanoTime();
    OptionalDouble last = deliveries.read();
    int quietSteps = 0;
    while (quietSteps < QUIET_STEPS) {
      if (System.nanoTime() - started > most.toNanos()) {
        return new Settled(Duration.ofNanos(System.nanoTime() - started), false);
      }
      Optional<CpuMeter.Window> window = cpu.map(CpuMeter::window);
      window.ifPresent(CpuMeter.Window::start);
      sleep(STEP);
      window.ifPresent(CpuMeter.Window::stop);
      OptionalDouble now = deliveries.read();
      boolean counterStill =
          now.isEmpty() || last.isEmpty() || now.getAsDouble() == last.getAsDouble();
      boolean cpuQuiet =
          window
              .flatMap(CpuMeter.Window::use)
              .map(CpuUse::node)
              .map(node -> node.isEmpty() || node.getAsDouble() < BUSY_CORES)
              .orElse(true);
      quietSteps = counterStill && cpuQuiet ? quietSteps + 1 : 0;
      last = now;
    }
    return new Settled(Duration.ofNanos(System.nanoTime() - started), true);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the node to settle", e);
    }
  }
}
