package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.host.CpuMeter;
import dev.starling.ops.bench.load.DuringMeasurement;
import dev.starling.ops.bench.load.OpenLoop;
import dev.starling.ops.bench.load.OpenStream;
import dev.starling.ops.bench.load.OpenStreamResult;
import dev.starling.ops.bench.seed.Account;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The open-model phase: posts and first-page home-timeline reads at fixed rates, while sampled
 * followers time how long posts take to reach them.
 */
public final class OpenModel {
  public static final Duration POLL_EVERY = Duration.ofMillis(20);
  public static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);

  /** Requests still waiting for a worker this long after the window are given up. */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

  /** Workers per stream: room for half a second of mean latency before starts run late. */
  private static final double WORKER_SECONDS = 0.5;

  private static final int LEAST_WORKERS = 32;
  private static final int MOST_WORKERS = 1024;

  /** Offsets the readers' draws from the posters', so reader n is not tied to poster n. */
  private static final long READS_STREAM = 1;

  /**
   * What the phase offers.
   *
   * @param sampledFollowers followers polling their timelines for delivery; 0 for none
   * @param watchedPostsPerSecond posts by watched authors, alternately normal and celebrity
   */
  public record Load(
      double postsPerSecond,
      double readsPerSecond,
      Duration warmup,
      Duration duration,
      int sampledFollowers,
      double watchedPostsPerSecond) {}

  private final Load load;
  private final long seed;
  private final PrintStream out;

  public OpenModel(Load load, long seed, PrintStream out) {
    this.load = load;
    this.seed = seed;
    this.out = out;
  }

  /**
   * @param beside what else runs over the measured window, e.g. a profiler
   */
  public TimelineRun.OpenPhase run(
      Cast cast,
      NodeUnderTest node,
      List<Account> accounts,
      TimelineCallers callers,
      Optional<CpuMeter> cpu,
      List<DuringMeasurement> beside) {
    WatchPlan plan =
        WatchPlan.choose(cast.graph(), cast.celebrities(), load.sampledFollowers(), seed);
    DeliveryWatch watch =
        new DeliveryWatch(node.endpoint(), watchers(plan, accounts), POLL_EVERY, GIVE_UP_AFTER);
    long watchEvery =
        load.sampledFollowers() == 0
            ? 0
            : Math.max(1, Math.round(load.postsPerSecond() / load.watchedPostsPerSecond()));
    PostingAuthors authors = new PostingAuthors(cast.posters(), plan, watchEvery, seed);
    out.printf(
        Locale.ROOT,
        "Open model: %s posts/s + %s reads/s offered, %.0f s warm-up, %.0f s measured;"
            + " watching %d followers of %d normal authors and %d celebrities (1 post in %d)%n",
        load.postsPerSecond(),
        load.readsPerSecond(),
        load.warmup().toMillis() / 1000.0,
        load.duration().toMillis() / 1000.0,
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
                n -> callers.reader(seed + READS_STREAM)));
    PhaseCpu phaseCpu = new PhaseCpu(cpu);
    List<DuringMeasurement> alongside = new ArrayList<>(phaseCpu.beside());
    alongside.addAll(beside);
    long watchStarted = System.nanoTime();
    watch.start();
    List<OpenStreamResult> results =
        new OpenLoop(DRAIN_LIMIT).run(streams, load.warmup(), load.duration(), alongside);
    DeliveryWatch.Result deliveries = watch.finish();
    double watchSeconds = (System.nanoTime() - watchStarted) / 1e9;
    return new TimelineRun.OpenPhase(
        results.get(0),
        results.get(1),
        deliveries,
        deliveries.polls().total() / watchSeconds,
        phaseCpu.use());
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
}
