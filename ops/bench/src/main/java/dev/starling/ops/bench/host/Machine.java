package dev.starling.ops.bench.host;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine the client runs on, in one line for the record next to the figures. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    long memory =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return String.format(
        Locale.ROOT,
        "%d cores%s, %.1f GiB, %s %s, %s %s",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memory / (1024.0 * 1024 * 1024),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .findFirst()
          .map(line -> " (" + line.substring(line.indexOf(':') + 1).strip() + ")")
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }
}
