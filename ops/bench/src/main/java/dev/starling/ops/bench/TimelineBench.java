package dev.starling.ops.bench;

import dev.starling.ops.bench.graph.FollowGraph;
import dev.starling.ops.bench.graph.PowerLawGraph;
import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.HeapAfterGc;
import dev.starling.ops.bench.host.LocalJvms;
import dev.starling.ops.bench.host.NodeJvm;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.journal.NodeJournalSettings;
import dev.starling.ops.bench.journal.PersistLoopResult;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.profile.JfrRecording;
import dev.starling.ops.bench.profile.JfrSummary;
import dev.starling.ops.bench.report.TimelineReport;
import dev.starling.ops.bench.report.TimelineTargets;
import dev.starling.ops.bench.seed.Account;
import dev.starling.ops.bench.seed.GraphSeeder;
import dev.starling.ops.bench.seed.RunId;
import dev.starling.ops.bench.seed.StarlingClient;
import dev.starling.ops.bench.stack.OwnStack;
import dev.starling.ops.bench.timelines.Cast;
import dev.starling.ops.bench.timelines.NodeSettling;
import dev.starling.ops.bench.timelines.NodeUnderTest;
import dev.starling.ops.bench.timelines.OpenModel;
import dev.starling.ops.bench.timelines.PostSaturation;
import dev.starling.ops.bench.timelines.SameRunBaselines;
import dev.starling.ops.bench.timelines.TimelineCallers;
import dev.starling.ops.bench.timelines.TimelineRun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code ops/starling bench timelines}: fan-out at scale. Seeds a power-law follow graph, offers
 * posts and home-timeline reads open-model while timing fan-out delivery, saturates posting, and
 * sets both against same-run baselines of the journal and of Cassandra; then checks the targets.
 */
public final class TimelineBench {
  static final String REPO_ROOT_PROPERTY = "starling.repo.root";

  private static final int PASSWORD_HASH_MEMORY_KIB = 1024;
  private static final int FOLLOWER_COUNTS_CHECKED = 5;

  private final TimelineBenchOptions options;
  private final String command;
  private final PrintStream out;

  public TimelineBench(TimelineBenchOptions options, String command, PrintStream out) {
    this.options = options;
    this.command = command;
    this.out = out;
  }

  public void run() throws IOException {
    String runId = RunId.next();
    Cast cast = cast();
    TimelineReport.printSetup(
        out,
        runId,
        command,
        nodeDescription(cast),
        cast,
        options.graph().seed(),
        options.stack().own() ? "set for this run" : "what this run treats as celebrities",
        options.load().postsPerSecond());
    if (!options.stack().own()) {
      measure(runId, cast, running(options.stack().url().orElseThrow()));
      return;
    }
    OwnStack stack =
        OwnStack.start(repoRoot(), nodeSettings(cast), options.stack().startTimeout(), out);
    try {
      measure(
          runId,
          cast,
          new NodeUnderTest(
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

  private Cast cast() {
    var graphOptions = options.graph();
    FollowGraph graph =
        PowerLawGraph.generate(
            graphOptions.users(), graphOptions.meanFollowing(), graphOptions.seed());
    int threshold =
        graphOptions
            .celebrityThreshold()
            .orElseGet(() -> graph.thresholdAbove(graphOptions.celebrities()));
    return Cast.of(graph, threshold, options.saturation().inFlight());
  }

  private Map<String, String> nodeSettings(Cast cast) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("STARLING_CELEBRITY_THRESHOLD", Integer.toString(cast.threshold()));
    // The default argon2 cost allows ~6 sign-ups per second; seeding thousands needs it cheap.
    settings.put("STARLING_PASSWORD_HASH_MEMORY_KIB", Integer.toString(PASSWORD_HASH_MEMORY_KIB));
    settings.put("STARLING_PASSWORD_HASH_ITERATIONS", "1");
    settings.put("STARLING_RATE_LIMITS", "off");
    settings.put("STARLING_NODE_HEAP", options.stack().nodeHeap());
    settings.putAll(options.stack().nodeEnv());
    return settings;
  }

  private String nodeDescription(Cast cast) {
    return options.stack().own()
        ? "a stack of its own (ops/starling up) with "
            + nodeSettings(cast).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "))
        : options.stack().url().orElseThrow()
            + ", running already: its celebrity threshold is its own";
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

  private NodeUnderTest running(Endpoint endpoint) throws IOException {
    boolean local = InetAddress.getByName(endpoint.host()).isLoopbackAddress();
    OptionalLong pid = options.stack().pid();
    if (pid.isEmpty() && local) {
      try {
        pid = OptionalLong.of(NodeJvm.find(endpoint.port()));
      } catch (IllegalStateException e) {
        out.println("Node JVM not found (" + e.getMessage() + "): its CPU and heap are n/a");
      }
    }
    return new NodeUnderTest(
        endpoint,
        pid,
        local ? LocalJvms.cassandraPids() : List.of(),
        options.stack().cassandra(),
        options.stack().keyspace());
  }

  private void measure(String runId, Cast cast, NodeUnderTest node) throws IOException {
    if ((options.report().profile() || options.report().profileSaturation())
        && node.nodePid().isEmpty()) {
      throw new IllegalStateException(
          "--profile and --profile-saturation need the node's JVM on this machine (--pid)");
    }
    Optional<CpuMeter> cpu = CpuMeter.create(node.nodePid(), node.cassandraPids());
    var saturationOptions = options.saturation();
    SameRunBaselines baselines =
        new SameRunBaselines(
            NodeJournalSettings.of(node.cassandraContactPoint(), node.keyspace()),
            runId,
            saturationOptions.inFlight(),
            saturationOptions.duration());
    warmJournalClient(baselines);

    List<Account> accounts = new GraphSeeder(node.endpoint(), runId, out).seed(cast.graph());
    printNodeFollowerCounts(node.endpoint(), cast, accounts);
    settleAfterSeeding(node, cpu);
    out.println();

    Optional<JfrRecording> recording = recording(options.report().profile(), node, runId, "open");
    TimelineCallers callers = new TimelineCallers(node.endpoint(), accounts, runId);
    TimelineRun.OpenPhase open =
        new OpenModel(options.load(), options.graph().seed(), out)
            .run(
                cast,
                node,
                accounts,
                callers,
                cpu,
                recording.<List<DuringMeasurement>>map(List::of).orElse(List.of()));
    TimelineReport.printOpenPhase(out, open, OpenModel.POLL_EVERY, OpenModel.GIVE_UP_AFTER);
    callers.failures().print(out);
    out.println();

    TimelineRun.SaturationPhase saturation;
    Optional<JfrRecording> saturationRecording =
        recording(options.report().profileSaturation(), node, runId, "saturation");
    try (NodeCounter deliveries = new NodeCounter(node.endpoint(), NodeCounter.FANOUT_DELIVERIES)) {
      NodeSettling.Settled settled = PostSaturation.settle(deliveries, cpu);
      out.printf(
          Locale.ROOT,
          "Saturation: posts closed loop by the %d most followed non-celebrities, %d in flight,"
              + " %d s warm-up, %d s measured (node quiet %.1f s after the open phase)%n",
          cast.saturationAuthors().length,
          saturationOptions.inFlight(),
          PostSaturation.WARMUP.toSeconds(),
          saturationOptions.duration().toSeconds(),
          settled.waited().toMillis() / 1000.0);
      saturation =
          new PostSaturation(saturationOptions.inFlight(), saturationOptions.duration())
              .run(
                  cast,
                  node.endpoint(),
                  accounts,
                  cpu,
                  deliveries,
                  saturationRecording.<List<DuringMeasurement>>map(List::of).orElse(List.of()));
    }
    TimelineReport.printSaturation(out, saturation);
    out.println();

    out.printf(
        Locale.ROOT,
        "Baselines, node idle, %d in flight, %d s warm-up, %d s measured each, Cassandra %s"
            + " keyspace %s:%n",
        saturationOptions.inFlight(),
        SameRunBaselines.WARMUP.toSeconds(),
        saturationOptions.duration().toSeconds(),
        node.cassandraContactPoint(),
        node.keyspace());
    var persist = baselines.persistLoop(cpu);
    TimelineReport.printPersistLoop(out, persist.result(), persist.cpu(), saturation.posts());
    var raw = baselines.rawInserts(cast.graph().users(), cpu);
    TimelineReport.printRawInserts(out, raw.result(), raw.cpu(), saturation);
    out.println();

    Optional<HeapAfterGc> heap = heapAfterGc(node.nodePid());
    out.println("Node heap after a full GC: " + TimelineReport.heap(heap));
    out.println();

    TimelineRun run =
        new TimelineRun(
            open,
            saturation,
            new TimelineRun.Baselines(persist.result(), persist.cpu(), raw.result(), raw.cpu()),
            heap);
    TimelineTargets.print(out, run);
    if (options.report().markdown()) {
      out.println();
      TimelineReport.printMarkdown(out, run);
    }
    if (recording.isPresent()) {
      printProfile(recording.get(), "open-model");
    }
    if (saturationRecording.isPresent()) {
      printProfile(saturationRecording.get(), "saturation");
    }
  }

  /**
   * Waits, as before every later phase, for what seeding left behind (projections catching up on
   * the sign-ups and follows, the search index taking them in): measured beside that backlog, the
   * open model would time the node's digestion of the seed, not the offered load.
   */
  private void settleAfterSeeding(NodeUnderTest node, Optional<CpuMeter> cpu) {
    try (NodeCounter deliveries = new NodeCounter(node.endpoint(), NodeCounter.FANOUT_DELIVERIES)) {
      NodeSettling.Settled settled = PostSaturation.settle(deliveries, cpu);
      out.printf(
          Locale.ROOT,
          "Seeding's aftermath: the node went %s %.1f s after the last seeding request%n",
          settled.quiet() ? "quiet" : "on working (gave up waiting)",
          settled.waited().toMillis() / 1000.0);
    }
  }

  private void warmJournalClient(SameRunBaselines baselines) {
    out.printf(
        "Warming this JVM's journal client: bare persist loop, %d entities, %d s, unmeasured ...%n",
        options.saturation().inFlight(), SameRunBaselines.JOURNAL_CLIENT_WARMUP.toSeconds());
    PersistLoopResult warm = baselines.warmJournalClient();
    out.printf(
        Locale.ROOT,
        "  %.0f persists/s, ack P99 %.0f ms%n",
        warm.persistsPerSecond(),
        warm.latencyMillis(99));
  }

  private Optional<JfrRecording> recording(
      boolean wanted, NodeUnderTest node, String runId, String phase) {
    if (!wanted) {
      return Optional.empty();
    }
    String name = "bench-timelines-" + runId + "-" + phase;
    return Optional.of(
        new JfrRecording(
            node.nodePid().getAsLong(),
            name,
            Path.of(System.getProperty("java.io.tmpdir"), "starling-" + name + ".jfr")));
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

  /**
   * What the node counts for the most followed authors, next to the graph's figures: whether the
   * seeded graph is what the node believes, celebrities included.
   */
  private void printNodeFollowerCounts(Endpoint endpoint, Cast cast, List<Account> accounts) {
    int[] ranked = cast.graph().byFollowersDescending();
    List<String> counts = new ArrayList<>();
    try (StarlingClient client = new StarlingClient(endpoint)) {
      for (int author : Arrays.copyOf(ranked, Math.min(FOLLOWER_COUNTS_CHECKED, ranked.length))) {
        counts.add(
            client.followersCount(accounts.get(0).accessToken(), accounts.get(author).id())
                + " (graph "
                + cast.graph().followerCount(author)
                + ")");
      }
    }
    out.println("followers_count of the most followed, on the node: " + String.join(", ", counts));
  }

  private void printProfile(JfrRecording recording, String window) throws IOException {
    out.println();
    if (recording.failure() != null) {
      out.println("Profile: no recording: " + recording.failure());
      return;
    }
    out.println(
        "Profile of the node over the "
            + window
            + " window (JFR, settings=profile): "
            + recording.file());
    JfrSummary.of(recording.file()).print(out);
  }
}
