package dev.starling.ops.bench.metrics;

import dev.starling.ops.bench.load.DuringMeasurement;
import java.util.OptionalDouble;

/** How much a node counter grew over a measured window, per second. */
public final class CounterWindow implements DuringMeasurement {
  private final NodeCounter counter;
  private OptionalDouble before = OptionalDouble.empty();
  private long startedNanos;
  private OptionalDouble perSecond = OptionalDouble.empty();

  public CounterWindow(NodeCounter counter) {
    this.counter = counter;
  }

  @Override
  public void start() {
    before = counter.read();
    startedNanos = System.nanoTime();
  }

  @Override
  public void stop() {
    OptionalDouble after = counter.read();
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    perSecond =
        before.isPresent() && after.isPresent()
            ? OptionalDouble.of((after.getAsDouble() - before.getAsDouble()) / seconds)
            : OptionalDouble.empty();
  }

  /** Empty when the node does not expose the counter; available after {@link #stop}. */
  public OptionalDouble perSecond() {
    return perSecond;
  }
}
