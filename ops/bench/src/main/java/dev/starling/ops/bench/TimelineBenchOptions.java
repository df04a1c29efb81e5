package dev.starling.ops.bench;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.options.GivenOptions;
import dev.starling.ops.bench.timelines.OpenModel;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The options of {@code ops/starling bench timelines}; {@link #USAGE} lists them with defaults. */
public record TimelineBenchOptions(
    Stack stack, Graph graph, OpenModel.Load load, Saturation saturation, Report report) {

  /**
   * Which node: a stack of its own (no {@code url}), or a running one.
   *
   * @param cassandra with {@code url}: the node's Cassandra, where the baselines write
   * @param pid with {@code url}: the node's JVM, for CPU, heap and profile
   * @param nodeEnv {@code STARLING_*} settings of its own stack, over the run's own: what an A/B
   *     comparison of one setting changes
   */
  public record Stack(
      Optional<Endpoint> url,
      String cassandra,
      String keyspace,
      OptionalLong pid,
      String nodeHeap,
      Duration startTimeout,
      Map<String, String> nodeEnv) {
    public Stack {
      // in the order given: the run's description prints them
      nodeEnv = Collections.unmodifiableMap(new LinkedHashMap<>(nodeEnv));
    }

    public boolean own() {
      return url.isEmpty();
    }
  }

  /**
   * @param celebrityThreshold set instead of derived from {@code celebrities}
   */
  public record Graph(
      int users,
      double meanFollowing,
      long seed,
      int celebrities,
      Optional<Integer> celebrityThreshold) {}

  /**
   * @param inFlight posts in flight, and the baselines' entities and inserts in flight
   */
  public record Saturation(Duration duration, int inFlight) {}

  /**
   * @param profile JFR-profile the node over the open-model window
   * @param profileSaturation JFR-profile the node over the saturation window
   */
  public record Report(boolean markdown, boolean profile, boolean profileSaturation) {}

  public static final String USAGE =
      """
      Usage: ops/starling bench timelines [options]

      Starts a stack of its own (ops/starling up on a fresh temporary folder and free ports, with a
      celebrity threshold for the run, cheap password hashing and rate limits off) unless --url is
      given; seeds a power-law follow graph through the API; then, open model (requests issued on
      schedule whatever the latency of earlier ones; latency counted from when each was due):
      posts and home_timeline?limit=20 reads at fixed rates, while sampled followers poll their
      home timelines to time fan-out delivery. Then posts closed-loop at saturation, and, with the
      node idle, two same-run baselines: a bare Pekko persist loop on the node's journal and plain
      driver inserts into home_timeline. Ends with the node's heap after a full GC and the targets.

      Options (defaults in brackets):
        --url URL                   a running node instead of a stack of its own (its celebrity
                                    threshold stays whatever it is)
        --cassandra HOST:PORT       with --url: the node's Cassandra [127.0.0.1:9042]
        --keyspace NAME             with --url: the node's keyspace [starling]
        --pid PID                   with --url: the node's JVM [found with jcmd when local]
        --node-heap SIZE            STARLING_NODE_HEAP of its own stack [1g]
        --start-timeout D           how long its own stack may take to be ready [5m]
        --node-env 'K=V K=V'        STARLING_* settings for its own stack, separated by spaces,
                                    over the run's own (e.g. 'STARLING_READER_CACHE_TTL=5s'); its
                                    stack takes no STARLING_* variable from this shell []
        --users N                   accounts in the follow graph [10000]
        --mean-following X          accounts each user follows on average (Pareto, heavy-tailed) [8]
        --seed N                    seed of the graph and of every random choice of the load [42]
        --celebrities N             authors the run's celebrity threshold leaves above it [3]
        --celebrity-threshold N     the threshold itself, instead of deriving it from --celebrities
        --posts-per-second X        offered posts [50]
        --reads-per-second X        offered home_timeline?limit=20 reads [500]
        --warmup D                  open-model time before the measured window [10s]
        --duration D                open-model measured window, e.g. 60s, 2m [60s]
        --sampled-followers N       followers polling their timelines for delivery (0: none) [50]
        --watched-posts-per-second X  posts by watched authors, half of them celebrities [4]
        --saturation-duration D     measured time of the saturation phase and of each baseline [20s]
        --in-flight N               posts in flight at saturation; the persist loop's entities and
                                    the raw inserts in flight [96: below the node's admission
                                    limit of 128, so saturation measures posting, not shedding]
        --markdown                  also print the results as Markdown tables
        --profile                   JFR-profile the node over the open-model window and summarise it
        --profile-saturation        JFR-profile the node over the saturation window and summarise it
        -h, --help                  show this help
      """;

  private static final Set<String> FLAGS =
      Set.of("--markdown", "--profile", "--profile-saturation");
  private static final Set<String> VALUED =
      Set.of(
          "--url",
          "--cassandra",
          "--keyspace",
          "--pid",
          "--node-heap",
          "--start-timeout",
          "--node-env",
          "--users",
          "--mean-following",
          "--seed",
          "--celebrities",
          "--celebrity-threshold",
          "--posts-per-second",
          "--reads-per-second",
          "--warmup",
          "--duration",
          "--sampled-followers",
          "--watched-posts-per-second",
          "--saturation-duration",
          "--in-flight");
  private static final Set<String> ONLY_WITH_URL = Set.of("--cassandra", "--keyspace", "--pid");
  private static final Set<String> ONLY_WITH_OWN_STACK =
      Set.of("--node-heap", "--start-timeout", "--node-env", "--celebrity-threshold");

  public TimelineBenchOptions {
    if (graph.users() < 10) {
      throw new IllegalArgumentException("--users must be at least 10");
    }
    if (graph.celebrities() >= graph.users()) {
      throw new IllegalArgumentException("--celebrities must be fewer than --users");
    }
    if (load.duration().isZero()) {
      throw new IllegalArgumentException("--duration must be more than 0");
    }
    if (saturation.duration().isZero()) {
      throw new IllegalArgumentException("--saturation-duration must be more than 0");
    }
    if (load.watchedPostsPerSecond() > load.postsPerSecond()) {
      throw new IllegalArgumentException(
          "--watched-posts-per-second cannot exceed --posts-per-second");
    }
  }

  /**
   * @throws IllegalArgumentException naming the option that is unknown, repeated, malformed or
   *     given where it cannot apply
   */
  public static TimelineBenchOptions parse(List<String> args) {
    GivenOptions given = GivenOptions.parse(args, FLAGS, VALUED);
    boolean url = given.text("--url").isPresent();
    for (String option : url ? ONLY_WITH_OWN_STACK : ONLY_WITH_URL) {
      if (given.text(option).isPresent()) {
        throw new IllegalArgumentException(
            option + (url ? " applies only to a stack of its own, not --url" : " needs --url"));
      }
    }
    Stack stack =
        new Stack(
            given.text("--url").map(Endpoint::parse),
            given.text("--cassandra", "127.0.0.1:9042"),
            given.text("--keyspace", "starling"),
            given
                .positive("--pid", Integer.MAX_VALUE)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty()),
            given.text("--node-heap", "1g"),
            given.duration("--start-timeout", "5m"),
            nodeEnv(given.text("--node-env", "")));
    Graph graph =
        new Graph(
            given.positive("--users", "10000", 1_000_000),
            given.positiveDecimal("--mean-following", "8", 1_000),
            given.anyLong("--seed", "42"),
            given.nonNegative("--celebrities", "3", 1_000),
            given.positive("--celebrity-threshold", Integer.MAX_VALUE));
    OpenModel.Load load =
        new OpenModel.Load(
            given.positiveDecimal("--posts-per-second", "50", 100_000),
            given.positiveDecimal("--reads-per-second", "500", 100_000),
            given.duration("--warmup", "10s"),
            given.duration("--duration", "60s"),
            given.nonNegative("--sampled-followers", "50", 1_000),
            given.positiveDecimal("--watched-posts-per-second", "4", 100_000));
    Saturation saturation =
        new Saturation(
            given.duration("--saturation-duration", "20s"),
            given.positive("--in-flight", "96", 4_096));
    return new TimelineBenchOptions(
        stack,
        graph,
        load,
        saturation,
        new Report(
            given.flag("--markdown"), given.flag("--profile"), given.flag("--profile-saturation")));
  }

  /** {@code STARLING_A=1 STARLING_B=x,y}, in order; fails on anything else. */
  private static Map<String, String> nodeEnv(String given) {
    var settings = new LinkedHashMap<String, String>();
    for (String item : given.trim().split("\\s+")) {
      if (item.isEmpty()) {
        continue;
      }
      int equals = item.indexOf('=');
      String name = equals < 0 ? item : item.substring(0, equals);
      if (equals < 0 || !name.matches("STARLING_[A-Z0-9_]+")) {
        throw new IllegalArgumentException(
            "--node-env: expected STARLING_NAME=value items separated by spaces, got " + item);
      }
      if (settings.put(name, item.substring(equals + 1)) != null) {
        throw new IllegalArgumentException("--node-env: " + name + " is given twice");
      }
    }
    return settings;
  }
}
