package dev.starling.ops.bench.host;

import dev.starling.ops.bench.load.DuringMeasurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Measures, over a case's window, the CPU used by the node, Cassandra, this client and the whole
 * machine, from Linux's {@code /proc}: on a shared 2-core machine whoever else is busy changes
 * every figure, and this shows it.
 */
public final class CpuMeter {
  /** USER_HZ, the unit of /proc's CPU times: 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100;

  private final OptionalLong nodePid;
  private final List<Long> cassandraPids;
  private final long clientPid = ProcessHandle.current().pid();

  private CpuMeter(OptionalLong nodePid, List<Long> cassandraPids) {
    this.nodePid = nodePid;
    this.cassandraPids = List.copyOf(cassandraPids);
  }

  /** Empty where there is no {@code /proc} to read. */
  public static Optional<CpuMeter> create(OptionalLong nodePid, List<Long> cassandraPids) {
    return Files.isReadable(Path.of("/proc/stat"))
        ? Optional.of(new CpuMeter(nodePid, cassandraPids))
        : Optional.empty();
  }

  /** One window's measurement. */
  public final class Window implements DuringMeasurement {
    private Snapshot before;
    private CpuUse use;

    @Override
    public void start() {
      before = snapshot();
    }

    @Override
    public void stop() {
      Snapshot after = snapshot();
      double seconds = (after.nanoTime - before.nanoTime) / 1e9;
      use =
          new CpuUse(
              cores(after.machineBusy - before.machineBusy, seconds),
              before.node < 0 || after.node < 0
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(cores(after.node - before.node, seconds)),
              cassandraPids.isEmpty()
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(cores(after.cassandra - before.cassandra, seconds)),
              cores(after.client - before.client, seconds));
    }

    /** Available after {@link #stop}. */
    public Optional<CpuUse> use() {
      return Optional.ofNullable(use);
    }
  }

  public Window window() {
    return new Window();
  }

  private record Snapshot(
      long nanoTime, long machineBusy, long node, long cassandra, long client) {}

  private Snapshot snapshot() {
    long cassandra = 0;
    for (long pid : cassandraPids) {
      cassandra += Math.max(0, processTicks(pid));
    }
    return new Snapshot(
        System.nanoTime(),
        machineBusyTicks(),
        nodePid.isPresent() ? processTicks(nodePid.getAsLong()) : -1,
        cassandra,
        processTicks(clientPid));
  }

  private static double cores(long ticks, double seconds) {
    return ticks / TICKS_PER_SECOND / seconds;
  }

  /** user + nice + system + irq + softirq + steal, from the first line of /proc/stat. */
  private static long machineBusyTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(fields[i]);
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of /proc/[pid]/stat; -1 when the process is gone or unreadable. */
  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
