package dev.starling.ops.bench;

import dev.starling.ops.bench.seed.SeedingFailed;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code ops/starling bench}; {@code read} is the only benchmark so far. */
public final class BenchMain {
  private static final int FAILED = 1;
  private static final int USAGE_ERROR = 2;

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(Arrays.asList(args)));
  }

  private static int run(List<String> arguments) throws IOException {
    if (arguments.isEmpty() || arguments.contains("-h") || arguments.contains("--help")) {
      System.out.print(ReadBenchOptions.USAGE);
      return 0;
    }
    if (!arguments.get(0).equals("read")) {
      return usageError("Unknown benchmark: " + arguments.get(0));
    }
    ReadBenchOptions options;
    try {
      options = ReadBenchOptions.parse(arguments.subList(1, arguments.size()));
    } catch (IllegalArgumentException e) {
      return usageError(e.getMessage());
    }
    try {
      new ReadBench(options, "ops/starling bench " + String.join(" ", arguments), System.out).run();
      return 0;
    } catch (IllegalStateException | SeedingFailed e) {
      System.err.println("bench read failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static int usageError(String problem) {
    System.err.println(problem);
    System.err.print(ReadBenchOptions.USAGE);
    return USAGE_ERROR;
  }
}
