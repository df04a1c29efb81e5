package dev.starling.ops.bench;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.options.GivenOptions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

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
    GivenOptions given = GivenOptions.parse(args, FLAGS, VALUED);
    return new ReadBenchOptions(
        Endpoint.parse(given.text("--url", "http://127.0.0.1:8080")),
        given.positiveList("--connections", "4,16,64,256", 100_000),
        given.duration("--duration", "15s"),
        given.duration("--warmup", "3s"),
        given.positive("--authors", "8", 9_999),
        given.positive("--tweets-per-author", "60", 100_000),
        given.positive("--readers", "16", 9_999),
        given.text("--baseline-path", "/health/alive"),
        given.flag("--markdown"),
        given.flag("--profile"),
        given
            .positive("--pid", Integer.MAX_VALUE)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty()));
  }
}
