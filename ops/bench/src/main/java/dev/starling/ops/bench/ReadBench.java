package dev.starling.ops.bench;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.host.LocalJvms;
import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.host.NodeJvm;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.load.ClosedLoop;
import dev.starling.ops.bench.load.ConstantRouteProbe;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.load.LoadCase;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.profile.JfrRecording;
import dev.starling.ops.bench.profile.JfrSummary;
import dev.starling.ops.bench.report.CaseResult;
import dev.starling.ops.bench.report.LevelResult;
import dev.starling.ops.bench.report.ResultTable;
import dev.starling.ops.bench.report.Targets;
import dev.starling.ops.bench.seed.Account;
import dev.starling.ops.bench.seed.RunId;
import dev.starling.ops.bench.seed.Seeder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code ops/starling bench read}: seeds readers and authors, then measures the timeline reads
 * against the node's constant route, case after case, and checks the read path's targets.
 */
public final class ReadBench {
  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);
  private static final String HOME_LIMIT_20 = "home_timeline?limit=20";
  private static final int PROFILED_CONNECTIONS = 16;

  private final ReadBenchOptions options;
  private final String command;
  private final PrintStream out;
  private final Endpoint endpoint;
  private final ClosedLoop closedLoop;

  public ReadBench(ReadBenchOptions options, String command, PrintStream out) {
    this.options = options;
    this.command = command;
    this.out = out;
    this.endpoint = options.endpoint();
    this.closedLoop = new ClosedLoop(endpoint);
  }

  public void run() throws IOException {
    String runId = RunId.next();
    boolean nodeIsLocal = InetAddress.getByName(endpoint.host()).isLoopbackAddress();
    OptionalLong nodePid = nodePid(nodeIsLocal);
    if (options.profile() && nodePid.isEmpty()) {
      throw new IllegalStateException(
          "--profile needs the node's JVM on this machine; name it with --pid");
    }
    Optional<CpuMeter> cpu =
        CpuMeter.create(nodePid, nodeIsLocal ? LocalJvms.cassandraPids() : List.of());
    printHeader(runId, nodeIsLocal, nodePid);

    Seeder.World world =
        new Seeder(endpoint, runId, out)
            .seed(options.authors(), options.tweetsPerAuthor(), options.readers());
    int pages = (world.homeEntriesPerReader() + 99) / 100;
    out.printf(
        "Seeded %d authors, %d readers; every home timeline holds %d entries (%d page%s of"
            + " 100)%n%n",
        world.authors().size(),
        world.readers().size(),
        world.homeEntriesPerReader(),
        pages,
        pages == 1 ? "" : "s");

    try (NodeCounter statements = new NodeCounter(endpoint, NodeCounter.STATEMENTS)) {
      OptionalDouble background = backgroundStatementsPerSecond(statements);
      Cases cases = new Cases(world);
      List<LevelResult> levels = new ArrayList<>();
      Optional<JfrRecording> recording = Optional.empty();
      ResultTable.printHeader(out);
      for (int connections : options.connections()) {
        CaseMeter meter = new CaseMeter(statements, background, cpu, connections);
        CaseResult baseline = meter.measure(cases.baseline, List.of(), Double.NaN);
        double baselineRate = baseline.load().requestsPerSecond();
        Optional<ConstantRouteProbe> probe =
            Targets.saturatedLevels(options.connections()).contains(connections)
                ? Optional.of(new ConstantRouteProbe(endpoint, cases.baselineRequest()))
                : Optional.empty();
        List<DuringMeasurement> besideHome20 = probe.isPresent() ? List.of(probe.get()) : List.of();
        CaseResult home20 = meter.measure(cases.homeLimit20, besideHome20, baselineRate);
        CaseResult home100 = meter.measure(cases.homeLimit100, List.of(), baselineRate);
        CaseResult userTweets = meter.measure(cases.userTweets, List.of(), baselineRate);
        LevelResult level =
            new LevelResult(
                connections,
                baseline,
                home20,
                home100,
                userTweets,
                probe.map(ConstantRouteProbe::result));
        levels.add(level);
        if (options.profile() && connections == profiledLevel()) {
          recording = Optional.of(profile(meter, cases, nodePid.getAsLong(), runId, baselineRate));
        }
        ResultTable.printLevelNotes(out, level, HOME_LIMIT_20);
      }
      out.println();
      Targets.print(out, levels);
      ResultTable.printOtherLoad(out, levels);
      if (options.markdown()) {
        out.println();
        ResultTable.printMarkdown(out, levels);
      }
      if (recording.isPresent()) {
        printProfile(recording.get());
      }
    }
  }

  /** The node's JVM: named, or found when the node runs here; empty when it cannot be told. */
  private OptionalLong nodePid(boolean nodeIsLocal) {
    if (options.pid().isPresent() || !nodeIsLocal) {
      return options.pid();
    }
    try {
      return OptionalLong.of(NodeJvm.find(endpoint.port()));
    } catch (IllegalStateException e) {
      out.println("Node JVM not found (" + e.getMessage() + "): its CPU is shown as -");
      return OptionalLong.empty();
    }
  }

  private void printHeader(String runId, boolean nodeIsLocal, OptionalLong nodePid) {
    out.printf(
        "Starling read benchmark, run %s, %s%n",
        runId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.println("Command:  " + command);
    out.println("Machine:  " + Machine.describe());
    out.printf(
        "Node:     %s%s%s; baseline route %s%n",
        endpoint,
        nodePid.isPresent() ? " (pid " + nodePid.getAsLong() + ")" : "",
        nodeIsLocal ? ", on this machine: client and node share its cores" : "",
        options.baselinePath());
    out.printf(
        "Cases:    each %s warm-up, then %s measured; connections %s; closed loop, one request in"
            + " flight per connection%n",
        seconds(options.warmup()),
        seconds(options.duration()),
        options.connections().stream().map(String::valueOf).collect(Collectors.joining(",")));
    out.println(
        "Columns:  req/s and latencies count every answer; ×base = 200 answers per second ÷ the"
            + " baseline route's answers per second at the same connections; CPU = cores used"
            + " in the window by the node, Cassandra, this client and everything else");
    out.println();
  }

  /**
   * The node's own background statements (projections polling the journal), so that they are not
   * charged to the requests of a case.
   */
  private OptionalDouble backgroundStatementsPerSecond(NodeCounter statements) {
    OptionalDouble before = statements.read();
    if (before.isEmpty()) {
      out.println(
          "Cassandra statements: the node does not expose "
              + NodeCounter.STATEMENTS
              + " on /metrics; stmts/req is n/a");
      out.println();
      return OptionalDouble.empty();
    }
    long started = System.nanoTime();
    sleep(IDLE_SAMPLE);
    double perSecond =
        (statements.read().orElse(before.getAsDouble()) - before.getAsDouble())
            / ((System.nanoTime() - started) / 1e9);
    out.printf(
        Locale.ROOT,
        "Cassandra statements: stmts/req = (counter after the case's last response − counter before"
            + " its first request − %.1f/s idle background × that time) ÷ every request of the"
            + " case, warm-up included%n%n",
        perSecond);
    return OptionalDouble.of(perSecond);
  }

  /** Profiles a repeat of home_timeline?limit=20, so that the measured run stays unperturbed. */
  private JfrRecording profile(
      CaseMeter meter, Cases cases, long pid, String runId, double baselineRate) {
    JfrRecording recording =
        new JfrRecording(
            pid,
            "bench-" + runId,
            Path.of(System.getProperty("java.io.tmpdir"), "starling-bench-read-" + runId + ".jfr"));
    LoadCase profiled = new LoadCase(HOME_LIMIT_20 + " +JFR", cases.homeLimit20.requestFor());
    meter.measure(profiled, List.of(recording), baselineRate);
    return recording;
  }

  private void printProfile(JfrRecording recording) throws IOException {
    out.println();
    if (recording.failure() != null) {
      out.println("Profile: no recording: " + recording.failure());
      return;
    }
    out.printf(
        "Profile of the node during a repeat of %s at %d connections (JFR, settings=profile): %s%n",
        HOME_LIMIT_20, profiledLevel(), recording.file());
    JfrSummary.of(recording.file()).print(out);
  }

  /** 16 connections, or the level closest to it. */
  private int profiledLevel() {
    return options.connections().stream()
        .min(Comparator.comparingInt(n -> Math.abs(n - PROFILED_CONNECTIONS)))
        .orElseThrow();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The routes under load; connection n reads as reader n and, for user timelines, author n. */
  private final class Cases {
    final LoadCase baseline;
    final LoadCase homeLimit20;
    final LoadCase homeLimit100;
    final LoadCase userTweets;

    Cases(Seeder.World world) {
      baseline = new LoadCase("baseline " + options.baselinePath(), n -> baselineRequest());
      homeLimit20 = home(world, 20);
      homeLimit100 = home(world, 100);
      userTweets =
          new LoadCase(
              "users/{id}/tweets?limit=20",
              n ->
                  asReader(
                      world,
                      n,
                      "/api/v1/users/" + nth(world.authors(), n).id() + "/tweets?limit=20"));
    }

    byte[] baselineRequest() {
      return HttpRequest.get(options.baselinePath()).encode(endpoint.hostHeader());
    }

    private LoadCase home(Seeder.World world, int limit) {
      return new LoadCase(
          "home_timeline?limit=" + limit,
          n -> asReader(world, n, "/api/v1/home_timeline?limit=" + limit));
    }

    private byte[] asReader(Seeder.World world, int connection, String path) {
      return HttpRequest.get(path)
          .withBearer(nth(world.readers(), connection).accessToken())
          .encode(endpoint.hostHeader());
    }

    private Account nth(List<Account> accounts, int n) {
      return accounts.get(n % accounts.size());
    }
  }

  /**
   * Runs one case at one level and charges it the Cassandra statements counted around it and the
   * CPU used during its window.
   */
  private final class CaseMeter {
    private final NodeCounter statements;
    private final OptionalDouble backgroundPerSecond;
    private final Optional<CpuMeter> cpu;
    private final int connections;

    CaseMeter(
        NodeCounter statements,
        OptionalDouble backgroundPerSecond,
        Optional<CpuMeter> cpu,
        int connections) {
      this.statements = statements;
      this.backgroundPerSecond = backgroundPerSecond;
      this.cpu = cpu;
      this.connections = connections;
    }

    CaseResult measure(LoadCase loadCase, List<DuringMeasurement> beside, double baselineRate) {
      Optional<CpuMeter.Window> cpuWindow = cpu.map(CpuMeter::window);
      List<DuringMeasurement> alongside = new ArrayList<>(beside);
      cpuWindow.ifPresent(alongside::add);
      OptionalDouble before = statements.read();
      long started = System.nanoTime();
      LoadResult load =
          closedLoop.run(loadCase, connections, options.warmup(), options.duration(), alongside);
      double elapsedSeconds = (System.nanoTime() - started) / 1e9;
      OptionalDouble after = statements.read();
      OptionalDouble perRequest = OptionalDouble.empty();
      if (before.isPresent() && after.isPresent() && backgroundPerSecond.isPresent()) {
        double delta =
            after.getAsDouble()
                - before.getAsDouble()
                - backgroundPerSecond.getAsDouble() * elapsedSeconds;
        perRequest = OptionalDouble.of(delta / Math.max(1, load.allRequests()));
      }
      CaseResult result =
          new CaseResult(
              loadCase.name(),
              load,
              perRequest,
              Double.isNaN(baselineRate) ? 1.0 : load.okPerSecond() / baselineRate,
              cpuWindow.flatMap(CpuMeter.Window::use));
      ResultTable.printRow(out, connections, result);
      return result;
    }
  }
}
