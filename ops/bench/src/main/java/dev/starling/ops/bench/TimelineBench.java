package dev.starling.ops.bench;

import dev.starling.ops.bench.graph.FollowGraph;
import dev.starling.ops.bench.graph.PowerLawGraph;
import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.host.HeapAfterGc;
import dev.starling.ops.bench.host.LocalJvms;
import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.host.NodeJvm;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.journal.BarePersistLoop;
import dev.starling.ops.bench.journal.NodeJournalSettings;
import dev.starling.ops.bench.journal.PersistLoopResult;
import dev.starling.ops.bench.journal.RawInsertLoop;
import dev.starling.ops.bench.load.ClosedLoop;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.load.LoadCase;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.load.OpenLoop;
import dev.starling.ops.bench.load.OpenStream;
import dev.starling.ops.bench.load.OpenStreamResult;
import dev.starling.ops.bench.metrics.CounterWindow;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.profile.JfrRecording;
import dev.starling.ops.bench.profile.JfrSummary;
import dev.starling.ops.bench.report.TimelineReport;
import dev.starling.ops.bench.report.TimelineRun;
import dev.starling.ops.bench.report.TimelineTargets;
import dev.starling.ops.bench.seed.Account;
import dev.starling.ops.bench.seed.GraphSeeder;
import dev.starling.ops.bench.seed.RunId;
import dev.starling.ops.bench.seed.StarlingClient;
import dev.starling.ops.bench.stack.OwnStack;
import dev.starling.ops.bench.timelines.AuthorKind;
import dev.starling.ops.bench.timelines.DeliveryWatch;
import dev.starling.ops.bench.timelines.NodeSettling;
import dev.starling.ops.bench.timelines.PostingAuthors;
import dev.starling.ops.bench.timelines.TimelineCallers;
import dev.starling.ops.bench.timelines.WatchPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ops/starling bench timelines}: fan-out at scale. Seeds a power-law follow graph, offers
 * posts and home-timeline reads open-model while timing fan-out delivery, saturates posting, and
 * sets both against same-run baselines of the journal and of Cassandra; then checks the targets.
 */
public final class TimelineBench {
  static final String REPO_ROOT_PROPERTY = "starling.repo.root";

  private static final Duration POLL_EVERY = Duration.ofMillis(20);
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);
  private static final Duration PHASE_WARMUP = Duration.ofSeconds(5);

  /**
   * The bare persist loop runs in this JVM, which is cold while the node's has run for minutes:
   * measured cold it journaled half as fast as warm. It runs this long, unmeasured, before seeding.
   */
  private static final Duration JOURNAL_CLIENT_WARMUP = Duration.ofSeconds(30);

  /** Requests still waiting for a worker this long after the window are given up. */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

  private static final Duration MOST_SETTLING = Duration.ofMinutes(3);

  /** Workers per open stream: room for half a second of mean latency before starts run late. */
  private static final double WORKER_SECONDS = 0.5;

  private static final int LEAST_WORKERS = 32;
  private static final int MOST_WORKERS = 1024;
  private static final int PASSWORD_HASH_MEMORY_KIB = 1024;

  /** Offsets the readers' draws from the posters', so reader n is not tied to poster n. */
  private static final long READS_STREAM = 1;

  private final TimelineBenchOptions options;
  private final String command;
  private final PrintStream out;

  public TimelineBench(TimelineBenchOptions options, String command, PrintStream out) {
    this.options = options;
    this.command = command;
    this.out = out;
  }

  /** Where the node under test is and how to watch it. */
  private record Target(
      Endpoint endpoint,
      OptionalLong nodePid,
      List<Long> cassandraPids,
      String cassandraContactPoint,
      String keyspace) {}

  /** The graph and who plays which part in it. */
  private record World(
      FollowGraph graph,
      int threshold,
      int[] celebrities,
      int[] posters,
      int[] saturationAuthors) {}

  public void run() throws IOException {
    String runId = RunId.next();
    World world = world();
    printHeader(runId, world);
    if (!options.stack().own()) {
      measure(runId, world, runningTarget(options.stack().url().orElseThrow()));
      return;
    }
    OwnStack stack =
        OwnStack.start(repoRoot(), nodeSettings(world), options.stack().startTimeout(), out);
    try {
      measure(
          runId,
          world,
          new Target(
              stack.endpoint(),
              OptionalLong.of(stack.nodePid()),
              stack.cassandraPid().stream().boxed().toList(),
              stack.cassandraContactPoint(),
              OwnStack.KEYSPACE));
    } catch (RuntimeException | IOException e) {
      stack.keepFolder();
      throw e;
    } finally {
      stack.close();
    }
  }

  private World world() {
    var graphOptions = options.graph();
    FollowGraph graph =
        PowerLawGraph.generate(
            graphOptions.users(), graphOptions.meanFollowing(), graphOptions.seed());
    int threshold =
        graphOptions
            .celebrityThreshold()
            .orElseGet(() -> graph.thresholdAbove(graphOptions.celebrities()));
    int[] celebrities = graph.followedByMoreThan(threshold);
    Set<Integer> celebritySet = Arrays.stream(celebrities).boxed().collect(Collectors.toSet());
    int[] posters =
        IntStream.range(0, graph.users()).filter(u -> graph.followerCount(u) > 0).toArray();
    int[] saturationAuthors =
        Arrays.stream(graph.byFollowersDescending())
            .filter(u -> !celebritySet.contains(u) && graph.followerCount(u) > 0)
            .limit(options.saturation().inFlight())
            .toArray();
    return new World(
        graph,
        threshold,
        celebrities,
        posters,
        saturationAuthors.length > 0 ? saturationAuthors : posters);
  }

  private Map<String, String> nodeSettings(World world) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("STARLING_CELEBRITY_THRESHOLD", Integer.toString(world.threshold()));
    // The default argon2 cost allows ~6 sign-ups per second; seeding thousands needs it cheap.
    settings.put("STARLING_PASSWORD_HASH_MEMORY_KIB", Integer.toString(PASSWORD_HASH_MEMORY_KIB));
    settings.put("STARLING_PASSWORD_HASH_ITERATIONS", "1");
    settings.put("STARLING_RATE_LIMITS", "off");
    settings.put("STARLING_NODE_HEAP", options.stack().nodeHeap());
    return settings;
  }

  private static Path repoRoot() {
    String root = System.getProperty(REPO_ROOT_PROPERTY);
    if (root == null) {
      throw new IllegalStateException(
          "starting a stack needs the repository (run it as ops/starling bench timelines), or"
              + " give --url");
    }
    return Path.of(root);
  }

  private Target runningTarget(Endpoint endpoint) throws IOException {
    boolean local = InetAddress.getByName(endpoint.host()).isLoopbackAddress();
    OptionalLong pid = options.stack().pid();
    if (pid.isEmpty() && local) {
      try {
        pid = OptionalLong.of(NodeJvm.find(endpoint.port()));
      } catch (IllegalStateException e) {
        out.println("Node JVM not found (" + e.getMessage() + "): its CPU and heap are n/a");
      }
    }
    return new Target(
        endpoint,
        pid,
        local ? LocalJvms.cassandraPids() : List.of(),
        options.stack().cassandra(),
        options.stack().keyspace());
  }

  private void measure(String runId, World world, Target target) throws IOException {
    if (options.report().profile() && target.nodePid().isEmpty()) {
      throw new IllegalStateException("--profile needs the node's JVM on this machine (--pid)");
    }
    Optional<CpuMeter> cpu = CpuMeter.create(target.nodePid(), target.cassandraPids());
    NodeJournalSettings journal =
        NodeJournalSettings.of(target.cassandraContactPoint(), target.keyspace());
    warmJournalClient(journal, runId);
    List<Account> accounts = new GraphSeeder(target.endpoint(), runId, out).seed(world.graph());
    printNodeFollowerCounts(target.endpoint(), world, accounts);
    out.println();

    Optional<JfrRecording> recording =
        options.report().profile()
            ? Optional.of(
                new JfrRecording(
                    target.nodePid().getAsLong(),
                    "bench-timelines-" + runId,
                    Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "starling-bench-timelines-" + runId + ".jfr")))
            : Optional.empty();
    TimelineCallers callers = new TimelineCallers(target.endpoint(), accounts, runId);
    TimelineRun.OpenPhase open = openPhase(world, target, accounts, callers, cpu, recording);
    TimelineReport.printOpenPhase(out, open, POLL_EVERY, GIVE_UP_AFTER);
    callers.failures().print(out);
    out.println();

    TimelineRun.SaturationPhase saturation;
    try (NodeCounter deliveries =
        new NodeCounter(target.endpoint(), NodeCounter.FANOUT_DELIVERIES)) {
      NodeSettling.Settled settled = NodeSettling.await(deliveries, cpu, MOST_SETTLING);
      out.printf(
          Locale.ROOT,
          "Saturation: posts closed loop by the %d most followed non-celebrities, %d in flight,"
              + " %.0f s warm-up, %.0f s measured (node quiet %.1f s after the open phase)%n",
          world.saturationAuthors().length,
          options.saturation().inFlight(),
          seconds(PHASE_WARMUP),
          seconds(options.saturation().duration()),
          seconds(settled.waited()));
      saturation = saturate(world, target, accounts, cpu, deliveries);
    }
    TimelineReport.printSaturation(out, saturation);
    out.println();

    out.printf(
        Locale.ROOT,
        "Baselines, node idle, %d in flight, %.0f s warm-up, %.0f s measured each, Cassandra %s"
            + " keyspace %s:%n",
        options.saturation().inFlight(),
        seconds(PHASE_WARMUP),
        seconds(options.saturation().duration()),
        target.cassandraContactPoint(),
        target.keyspace());
    Optional<CpuMeter.Window> persistCpu = cpu.map(CpuMeter::window);
    PersistLoopResult persist =
        new BarePersistLoop(journal, runId)
            .run(
                options.saturation().inFlight(),
                PHASE_WARMUP,
                options.saturation().duration(),
                windows(persistCpu));
    TimelineReport.printPersistLoop(out, persist, use(persistCpu), saturation.posts());
    Optional<CpuMeter.Window> rawCpu = cpu.map(CpuMeter::window);
    RawInsertLoop.Result raw =
        new RawInsertLoop(journal)
            .run(
                options.saturation().inFlight(),
                world.graph().users(),
                PHASE_WARMUP,
                options.saturation().duration(),
                windows(rawCpu));
    TimelineReport.printRawInserts(out, raw, use(rawCpu), saturation);
    out.println();

    Optional<HeapAfterGc> heap = heapAfterGc(target.nodePid());
    out.println("Node heap after a full GC: " + TimelineReport.heap(heap));
    out.println();

    TimelineRun run =
        new TimelineRun(
            open,
            saturation,
            new TimelineRun.Baselines(persist, use(persistCpu), raw, use(rawCpu)),
            heap);
    TimelineTargets.print(out, run);
    if (options.report().markdown()) {
      out.println();
      TimelineReport.printMarkdown(out, run);
    }
    if (recording.isPresent()) {
      printProfile(recording.get());
    }
  }

  private void warmJournalClient(NodeJournalSettings journal, String runId) {
    out.printf(
        Locale.ROOT,
        "Warming this JVM's journal client: bare persist loop, %d entities, %.0f s, unmeasured"
            + " ...%n",
        options.saturation().inFlight(),
        seconds(JOURNAL_CLIENT_WARMUP));
    PersistLoopResult warm =
        new BarePersistLoop(journal, runId + "-warm")
            .run(options.saturation().inFlight(), Duration.ZERO, JOURNAL_CLIENT_WARMUP, List.of());
    out.printf(
        Locale.ROOT,
        "  %s persists/s, ack P99 %s ms%n",
        Math.round(warm.persistsPerSecond()),
        Math.round(warm.latencyMillis(99)));
  }

  private TimelineRun.OpenPhase openPhase(
      World world,
      Target target,
      List<Account> accounts,
      TimelineCallers callers,
      Optional<CpuMeter> cpu,
      Optional<JfrRecording> recording) {
    var load = options.load();
    WatchPlan plan =
        WatchPlan.choose(
            world.graph(), world.celebrities(), load.sampledFollowers(), options.graph().seed());
    DeliveryWatch watch =
        new DeliveryWatch(target.endpoint(), watchers(plan, accounts), POLL_EVERY, GIVE_UP_AFTER);
    long watchEvery =
        load.sampledFollowers() == 0
            ? 0
            : Math.max(1, Math.round(load.postsPerSecond() / load.watchedPostsPerSecond()));
    PostingAuthors authors =
        new PostingAuthors(world.posters(), plan, watchEvery, options.graph().seed());
    out.printf(
        Locale.ROOT,
        "Open model: %s posts/s + %s reads/s offered, %.0f s warm-up, %.0f s measured;"
            + " watching %d followers of %d normal authors and %d celebrities (1 post in %d)%n",
        load.postsPerSecond(),
        load.readsPerSecond(),
        seconds(load.warmup()),
        seconds(load.duration()),
        plan.watchers().size(),
        plan.authors(AuthorKind.NORMAL).size(),
        plan.authors(AuthorKind.CELEBRITY).size(),
        watchEvery);
    List<OpenStream> streams =
        List.of(
            new OpenStream(
                "posts",
                load.postsPerSecond(),
                workersFor(load.postsPerSecond()),
                n -> callers.poster(authors, watch)),
            new OpenStream(
                "reads",
                load.readsPerSecond(),
                workersFor(load.readsPerSecond()),
                n -> callers.reader(options.graph().seed() + READS_STREAM)));
    Optional<CpuMeter.Window> cpuWindow = cpu.map(CpuMeter::window);
    List<DuringMeasurement> beside = new ArrayList<>(windows(cpuWindow));
    recording.ifPresent(beside::add);
    long watchStarted = System.nanoTime();
    watch.start();
    List<OpenStreamResult> results =
        new OpenLoop(DRAIN_LIMIT).run(streams, load.warmup(), load.duration(), beside);
    DeliveryWatch.Result deliveries = watch.finish();
    double watchSeconds = (System.nanoTime() - watchStarted) / 1e9;
    return new TimelineRun.OpenPhase(
        results.get(0),
        results.get(1),
        deliveries,
        deliveries.polls().total() / watchSeconds,
        use(cpuWindow));
  }

  private static Map<Integer, List<Account>> watchers(WatchPlan plan, List<Account> accounts) {
    Map<Integer, List<Account>> watchers = new LinkedHashMap<>();
    for (AuthorKind kind : AuthorKind.values()) {
      for (int author : plan.authors(kind)) {
        watchers.put(author, plan.watchersOf(author).stream().map(accounts::get).toList());
      }
    }
    return watchers;
  }

  private static int workersFor(double perSecond) {
    return (int)
        Math.min(MOST_WORKERS, Math.max(LEAST_WORKERS, Math.ceil(perSecond * WORKER_SECONDS)));
  }

  private TimelineRun.SaturationPhase saturate(
      World world,
      Target target,
      List<Account> accounts,
      Optional<CpuMeter> cpu,
      NodeCounter deliveries) {
    Endpoint endpoint = target.endpoint();
    int[] authors = world.saturationAuthors();
    LoadCase posts =
        new LoadCase(
            "POST /api/v1/tweets",
            n ->
                HttpRequest.post(
                        "/api/v1/tweets",
                        "application/json",
                        "{\"text\":\"Saturating the fan-out #timelines\"}"
                            .getBytes(StandardCharsets.UTF_8))
                    .withBearer(accounts.get(authors[n % authors.length]).accessToken())
                    .encode(endpoint.hostHeader()));
    CounterWindow fanOut = new CounterWindow(deliveries);
    Optional<CpuMeter.Window> cpuWindow = cpu.map(CpuMeter::window);
    List<DuringMeasurement> beside = new ArrayList<>(windows(cpuWindow));
    beside.add(fanOut);
    LoadResult load =
        new ClosedLoop(endpoint)
            .run(
                posts,
                options.saturation().inFlight(),
                PHASE_WARMUP,
                options.saturation().duration(),
                beside);
    NodeSettling.Settled settled = NodeSettling.await(deliveries, cpu, MOST_SETTLING);
    return new TimelineRun.SaturationPhase(
        load, fanOut.perSecond(), use(cpuWindow), settled.waited(), settled.quiet());
  }

  private Optional<HeapAfterGc> heapAfterGc(OptionalLong nodePid) {
    if (nodePid.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(HeapAfterGc.of(nodePid.getAsLong()));
    } catch (IllegalStateException e) {
      out.println("Node heap: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void printHeader(String runId, World world) {
    out.printf(
        "Starling timeline benchmark, run %s, %s%n",
        runId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.println("Command:  " + command);
    out.println("Machine:  " + Machine.describe());
    out.println(
        "Node:     "
            + (options.stack().own()
                ? "a stack of its own (ops/starling up), heap "
                    + options.stack().nodeHeap()
                    + ", with "
                    + nodeSettings(world).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "))
                : options.stack().url().orElseThrow()
                    + ", running already: its celebrity threshold is its own"));
    FollowGraph graph = world.graph();
    int[] following =
        IntStream.range(0, graph.users()).map(graph::followingCount).sorted().toArray();
    int[] ranked = graph.byFollowersDescending();
    int[] followers = Arrays.stream(ranked).map(graph::followerCount).toArray();
    out.printf(
        Locale.ROOT,
        "Graph:    %d users, %d follows (seed %d): following per user mean %.1f, median %d, max %d;"
            + " followers most %s, median %d, %d users have none%n",
        graph.users(),
        graph.follows(),
        options.graph().seed(),
        (double) graph.follows() / graph.users(),
        following[following.length / 2],
        following[following.length - 1],
        Arrays.stream(followers)
            .limit(5)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(", ")),
        followers[followers.length / 2],
        Arrays.stream(followers).filter(f -> f == 0).count());
    out.printf(
        Locale.ROOT,
        "          celebrity threshold %d%s: %d authors above it (%s followers)%n",
        world.threshold(),
        options.stack().own() ? " (set for this run)" : " (what this run treats as celebrities)",
        world.celebrities().length,
        Arrays.stream(world.celebrities())
            .mapToObj(u -> Integer.toString(graph.followerCount(u)))
            .collect(Collectors.joining(", ")));
    double rowsPerPost = fanOutRowsPerPost(world, world.posters());
    out.printf(
        Locale.ROOT,
        "Posts:    by the %d users with followers, drawn evenly: %.1f fan-out rows per post"
            + " (celebrities' posts fan out none) → ~%.0f rows/s at %s posts/s; at saturation by"
            + " the %d most followed non-celebrities: %.1f rows per post%n",
        world.posters().length,
        rowsPerPost,
        rowsPerPost * options.load().postsPerSecond(),
        options.load().postsPerSecond(),
        world.saturationAuthors().length,
        fanOutRowsPerPost(world, world.saturationAuthors()));
    out.println();
  }

  private static double fanOutRowsPerPost(World world, int[] authors) {
    Set<Integer> celebrities =
        Arrays.stream(world.celebrities()).boxed().collect(Collectors.toSet());
    return Arrays.stream(authors)
        .map(a -> celebrities.contains(a) ? 0 : world.graph().followerCount(a))
        .average()
        .orElse(0);
  }

  /** What the node counted for the most followed authors, next to the graph's figures. */
  private void printNodeFollowerCounts(Endpoint endpoint, World world, List<Account> accounts) {
    int[] ranked = world.graph().byFollowersDescending();
    List<String> counts = new ArrayList<>();
    try (StarlingClient client = new StarlingClient(endpoint)) {
      for (int author : Arrays.copyOf(ranked, Math.min(5, ranked.length))) {
        counts.add(
            client.followersCount(accounts.get(0).accessToken(), accounts.get(author).id())
                + " (graph "
                + world.graph().followerCount(author)
                + ")");
      }
    }
    out.println("followers_count of the most followed, on the node: " + String.join(", ", counts));
  }

  private void printProfile(JfrRecording recording) throws IOException {
    out.println();
    if (recording.failure() != null) {
      out.println("Profile: no recording: " + recording.failure());
      return;
    }
    out.println(
        "Profile of the node over the open-model window (JFR, settings=profile): "
            + recording.file());
    JfrSummary.of(recording.file()).print(out);
  }

  private static List<DuringMeasurement> windows(Optional<CpuMeter.Window> window) {
    return window.<List<DuringMeasurement>>map(List::of).orElse(List.of());
  }

  private static Optional<CpuUse> use(Optional<CpuMeter.Window> window) {
    return window.flatMap(CpuMeter.Window::use);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
