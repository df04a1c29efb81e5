package dev.starling.ops.bench.signup;

import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.load.ClosedLoop;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.load.LoadCase;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.load.Outcome;
import dev.starling.ops.bench.load.OutcomeCounts;
import dev.starling.ops.bench.options.GivenOptions;
import dev.starling.ops.bench.seed.RunId;
import dev.starling.ops.bench.seed.StarlingClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * {@code ops/starling bench signup}: what a storm of sign-ups (each an Argon2id hash) does to
 * everyone else. A few connections read {@code GET /api/v1/users/me} closed-loop, first alone (the
 * baseline, same run), then while {@code --clients} connections sign up new accounts back to back.
 * Password work is bounded, so the readers should barely notice (target: their P99 under 200 ms)
 * and the surplus sign-ups are answered {@code 503} + {@code Retry-After} at once, never 5xx.
 */
public final class SignUpBench {
  public static final String USAGE =
      """
      Usage: ops/starling bench signup [options]

      Against a running stack started with rate limits off (STARLING_RATE_LIMITS=off
      ops/starling up: the sign-up limit per address would otherwise answer 429): reads
      GET /api/v1/users/me closed-loop alone, then while many clients sign up back to back;
      prints both latencies, their ratio and the sign-ups' outcomes (target: reads' P99 < 200 ms
      under the storm, no 5xx).

      Options (defaults in brackets):
        --url URL        the node [http://127.0.0.1:8080]
        --clients N      concurrent sign-up clients [64]
        --readers N      connections reading /users/me [4]
        --duration D     each measured window, e.g. 60s or 2m [60s]
        --warmup D       unmeasured warm-up before each window [10s]
      """;

  private static final Duration SIGN_UP_TIMEOUT = Duration.ofSeconds(30);
  private static final String PASSWORD = "bench password 1";

  private final Endpoint endpoint;
  private final int clients;
  private final int readers;
  private final Duration duration;
  private final Duration warmup;
  private final String command;
  private final PrintStream out;

  private SignUpBench(
      Endpoint endpoint,
      int clients,
      int readers,
      Duration duration,
      Duration warmup,
      String command,
      PrintStream out) {
    this.endpoint = endpoint;
    this.clients = clients;
    this.readers = readers;
    this.duration = duration;
    this.warmup = warmup;
    this.command = command;
    this.out = out;
  }

  public static SignUpBench parse(List<String> options, String command, PrintStream out) {
    GivenOptions given =
        GivenOptions.parse(
            options, Set.of(), Set.of("--url", "--clients", "--readers", "--duration", "--warmup"));
    return new SignUpBench(
        Endpoint.parse(given.text("--url", "http://127.0.0.1:8080")),
        given.positive("--clients", "64", 10_000),
        given.positive("--readers", "4", 10_000),
        given.duration("--duration", "60s"),
        given.duration("--warmup", "10s"),
        command,
        out);
  }

  public void run() throws IOException {
    String run = RunId.next();
    out.println("# " + command);
    out.println("machine: " + Machine.describe());
    String token;
    try (var client = new StarlingClient(endpoint)) {
      client.signUp("su" + run + "r", PASSWORD);
      token = client.accessToken("su" + run + "r", PASSWORD);
    }
    byte[] me = HttpRequest.get("/api/v1/users/me").withBearer(token).encode(endpoint.hostHeader());
    var reads = new LoadCase("GET /api/v1/users/me", connection -> me);
    var loop = new ClosedLoop(endpoint);

    LoadResult alone = loop.run(reads, readers, warmup, duration, List.of());
    var storm = new SignUpStorm(run);
    LoadResult underStorm = loop.run(reads, readers, warmup, duration, List.of(storm));

    out.printf(
        Locale.ROOT,
        "%n%d readers of /users/me, %d s windows after %d s warm-up; %d sign-up clients%n%n",
        readers,
        duration.toSeconds(),
        warmup.toSeconds(),
        clients);
    out.println("| /users/me | req/s | P50 ms | P99 ms | max ms | failures |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    row("alone (baseline)", alone);
    row("during sign-ups", underStorm);
    double ratio = underStorm.latencyMillis(99) / Math.max(alone.latencyMillis(99), 0.001);
    out.printf(Locale.ROOT, "%nP99 during sign-ups / alone: %.2f%n", ratio);
    storm.report();
    boolean met = underStorm.latencyMillis(99) < 200 && underStorm.outcomes().failures() == 0;
    out.printf(
        "target (reads' P99 < 200 ms during the storm, no 5xx or broken exchanges): %s%n",
        met ? "met" : "MISSED");
  }

  private void row(String name, LoadResult result) {
    out.printf(
        Locale.ROOT,
        "| %s | %.0f | %.1f | %.1f | %.1f | %d |%n",
        name,
        result.requestsPerSecond(),
        result.latencyMillis(50),
        result.latencyMillis(99),
        result.latencyMillis(100),
        result.outcomes().failures());
  }

  /** {@code clients} threads signing up new accounts back to back while the window is open. */
  private final class SignUpStorm implements DuringMeasurement {
    private final String run;
    private final AtomicBoolean open = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Histogram> latencies = new ArrayList<>();
    private final List<OutcomeCounts> outcomes = new ArrayList<>();
    private long started;
    private long stopped;

    SignUpStorm(String run) {
      this.run = run;
    }

    @Override
    public void start() {
      open.set(true);
      started = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        var histogram = new Histogram(3);
        var counts = new OutcomeCounts();
        latencies.add(histogram);
        outcomes.add(counts);
        int client = c;
        Thread thread = new Thread(() -> signUpUntilClosed(client, histogram, counts), "su-" + c);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void signUpUntilClosed(int client, Histogram histogram, OutcomeCounts counts) {
      try (var connection = new HttpConnection(endpoint, SIGN_UP_TIMEOUT)) {
        for (int n = 0; open.get(); n++) {
          // handles: "su" + 5-character run + client + "x" + n, within 15 characters
          String handle = "su" + run + Integer.toString(client, 36) + "x" + Integer.toString(n, 36);
          byte[] body =
              ("{\"handle\":\"" + handle + "\",\"password\":\"" + PASSWORD + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          long sent = System.nanoTime();
          Outcome outcome;
          try {
            outcome =
                Outcome.of(
                    connection.exchange(
                        HttpRequest.post("/api/v1/accounts", "application/json", body)));
          } catch (IOException e) {
            outcome = Outcome.IO_ERROR;
          }
          histogram.recordValue((System.nanoTime() - sent) / 1_000);
          counts.add(outcome);
        }
      }
    }

    @Override
    public void stop() {
      open.set(false);
      stopped = System.nanoTime();
      for (Thread thread : threads) {
        try {
          thread.join(SIGN_UP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void report() {
      var all = new Histogram(3);
      var counts = new OutcomeCounts();
      latencies.forEach(all::add);
      outcomes.forEach(counts::addAll);
      double seconds = (stopped - started) / 1e9;
      out.printf(
          Locale.ROOT,
          "sign-ups: %d attempts (%.1f/s), created %.1f/s; outcomes %s; latency P50 %.1f ms,"
              + " P99 %.1f ms, max %.1f ms%n",
          counts.total(),
          counts.total() / seconds,
          counts.get(Outcome.OK) / seconds,
          counts,
          all.getValueAtPercentile(50) / 1e3,
          all.getValueAtPercentile(99) / 1e3,
          all.getMaxValue() / 1e3);
    }
  }
}
