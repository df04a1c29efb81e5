package dev.starling.ops.bench;

import dev.starling.ops.bench.media.MediaBench;
import dev.starling.ops.bench.replay.ReplayBench;
import dev.starling.ops.bench.search.SearchBench;
import dev.starling.ops.bench.seed.SeedingFailed;
import dev.starling.ops.bench.signup.SignUpBench;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code ops/starling bench}: {@code read}, {@code timelines}, {@code search} and
 * {@code signup}, {@code media} and {@code replay}.
 */
public final class BenchMain {
  private static final int FAILED = 1;
  private static final int USAGE_ERROR = 2;

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    // Before any library thread logs: slf4j would otherwise replay, with a warning, the calls it
    // intercepted while another thread was still setting logging up.
    LoggerFactory.getILoggerFactory();
    System.exit(run(Arrays.asList(args)));
  }

  /** A parsed benchmark, ready to run. */
  private interface Benchmark {
    void run() throws IOException;
  }

  private static int run(List<String> arguments) throws IOException {
    if (arguments.isEmpty() || isHelp(arguments.get(0))) {
      System.out.print(
          ReadBenchOptions.USAGE
              + "\n"
              + TimelineBenchOptions.USAGE
              + "\n"
              + SearchBench.USAGE
              + "\n"
              + SignUpBench.USAGE
              + "\n"
              + MediaBench.USAGE
              + "\n"
              + ReplayBench.USAGE);
      return 0;
    }
    String name = arguments.get(0);
    List<String> options = arguments.subList(1, arguments.size());
    String command = "ops/starling bench " + String.join(" ", arguments);
    String usage;
    switch (name) {
      case "read" -> usage = ReadBenchOptions.USAGE;
      case "timelines" -> usage = TimelineBenchOptions.USAGE;
      case "search" -> usage = SearchBench.USAGE;
      case "signup" -> usage = SignUpBench.USAGE;
      case "media" -> usage = MediaBench.USAGE;
      case "replay" -> usage = ReplayBench.USAGE;
      default -> {
        System.err.println(
            "Unknown benchmark: " + name + " (read, timelines, search, signup, media or replay)");
        return USAGE_ERROR;
      }
    }
    if (options.stream().anyMatch(BenchMain::isHelp)) {
      System.out.print(usage);
      return 0;
    }
    Benchmark benchmark;
    try {
      benchmark =
          switch (name) {
            case "read" -> new ReadBench(ReadBenchOptions.parse(options), command, System.out)::run;
            case "timelines" ->
                new TimelineBench(TimelineBenchOptions.parse(options), command, System.out)::run;
            case "signup" -> SignUpBench.parse(options, command, System.out)::run;
            case "media" -> MediaBench.parse(options, command, System.out)::run;
            case "replay" -> ReplayBench.parse(options, command, System.out)::run;
            default -> SearchBench.parse(options, command, System.out)::run;
          };
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(usage);
      return USAGE_ERROR;
    }
    try {
      benchmark.run();
      return 0;
    } catch (IllegalStateException | SeedingFailed e) {
      System.err.println("bench " + name + " failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static boolean isHelp(String argument) {
    return argument.equals("-h") || argument.equals("--help");
  }
}
