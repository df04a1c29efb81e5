package dev.starling.ops.bench;

import dev.starling.ops.bench.http.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The options of {@code ops/starling bench read}; {@link #USAGE} lists them with defaults. */
public record ReadBenchOptions(
    Endpoint endpoint,
    List<Integer> connections,
    Duration duration,
    Duration warmup,
    int authors,
    int tweetsPerAuthor,
    int readers,
    String baselinePath,
    boolean markdown,
    boolean profile,
    OptionalLong pid) {

  public static final String USAGE =
      """
      Usage: ops/starling bench read [options]

      Seeds readers who follow authors (through the public API, handles unique per run), waits
      until every reader's home timeline holds all the seeded tweets, then runs closed-loop reads
      (each connection keeps exactly one request in flight, HTTP/1.1 keep-alive) at each
      concurrency: the baseline route, home_timeline?limit=20, home_timeline?limit=100 and
      users/{author}/tweets?limit=20. At the two highest concurrencies one extra connection
      probes the baseline route while home_timeline?limit=20 runs.

      Options (defaults in brackets):
        --url URL                  the running node [http://127.0.0.1:8080]
        --connections N,N,...      concurrency levels [4,16,64,256]
        --duration D               measured time per case, e.g. 15s, 500ms, 1m [15s]
        --warmup D                 unmeasured time before each case [3s]
        --authors N                authors to seed [8]
        --tweets-per-author N      tweets, replies and retweets each author posts [60]
        --readers N                readers, each following every author [16]
        --baseline-path PATH       constant route of the same server, no I/O [/health/alive]
        --markdown                 also print the results as a Markdown table
        --profile                  JFR-profile the node during a repeat of home_timeline?limit=20
                                   at 16 connections (or the level nearest 16) and summarise it
        --pid PID                  the node's JVM for --profile [found with jcmd: main class
                                   dev.starling.ops.StarlingUp or dev.starling.node.Main]
        -h, --help                 show this help
      """;

  private static final Set<String> FLAGS = Set.of("--markdown", "--profile");
  private static final Set<String> VALUED =
      Set.of(
          "--url",
          "--connections",
          "--duration",
          "--warmup",
          "--authors",
          "--tweets-per-author",
          "--readers",
          "--baseline-path",
          "--pid");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

  public ReadBenchOptions {
    connections = List.copyOf(connections);
    if (connections.isEmpty() || connections.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("--connections needs positive numbers");
    }
    if (duration.isZero()) {
      throw new IllegalArgumentException("--duration must be more than 0");
    }
    if (!baselinePath.startsWith("/")) {
      throw new IllegalArgumentException("--baseline-path must start with /");
    }
  }

  /**
   * Accepts {@code --name value} and {@code --name=value}.
   *
   * @throws IllegalArgumentException naming the option that is unknown, repeated or malformed
   */
  public static ReadBenchOptions parse(List<String> args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (FLAGS.contains(name) && equals < 0) {
        value = "true";
      } else if (VALUED.contains(name)) {
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new IllegalArgumentException(name + " needs a value");
        }
      } else {
        throw new IllegalArgumentException("unknown option: " + arg);
      }
      if (given.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return new ReadBenchOptions(
        Endpoint.parse(given.getOrDefault("--url", "http://127.0.0.1:8080")),
        positiveList("--connections", given.getOrDefault("--connections", "4,16,64,256")),
        duration("--duration", given.getOrDefault("--duration", "15s")),
        duration("--warmup", given.getOrDefault("--warmup", "3s")),
        positive("--authors", given.getOrDefault("--authors", "8"), 9_999),
        positive("--tweets-per-author", given.getOrDefault("--tweets-per-author", "60"), 100_000),
        positive("--readers", given.getOrDefault("--readers", "16"), 9_999),
        given.getOrDefault("--baseline-path", "/health/alive"),
        given.containsKey("--markdown"),
        given.containsKey("--profile"),
        given.containsKey("--pid")
            ? OptionalLong.of(positive("--pid", given.get("--pid"), Integer.MAX_VALUE))
            : OptionalLong.empty());
  }

  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(option + ": expected e.g. 15s, 500ms or 1m, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  private static List<Integer> positiveList(String option, String text) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : Arrays.asList(text.split(","))) {
      numbers.add(positive(option, part, 100_000));
    }
    return numbers;
  }

  private static int positive(String option, String text, int max) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw new IllegalArgumentException(
        option + ": expected a number from 1 to " + max + ", got " + text);
  }
}
