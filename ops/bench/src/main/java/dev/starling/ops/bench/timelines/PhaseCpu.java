package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.load.DuringMeasurement;
import java.util.List;
import java.util.Optional;

/** The CPU a phase used, measured over its window where the machine lets us read it. */
final class PhaseCpu {
  private final Optional<CpuMeter.Window> window;

  PhaseCpu(Optional<CpuMeter> meter) {
    this.window = meter.map(CpuMeter::window);
  }

  /** What to run beside the phase's measured window: the meter's window, or nothing. */
  List<DuringMeasurement> beside() {
    return window.<List<DuringMeasurement>>map(List::of).orElse(List.of());
  }

  /** Available after the window closed. */
  Optional<CpuUse> use() {
    return window.flatMap(CpuMeter.Window::use);
  }
}
