package dev.starling.ops.bench.report;

import dev.starling.ops.bench.graph.FollowGraph;
import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.host.HeapAfterGc;
import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.journal.PersistLoopResult;
import dev.starling.ops.bench.journal.RawInsertLoop;
import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.load.OpenLoop;
import dev.starling.ops.bench.load.OpenStreamResult;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.timelines.AuthorKind;
import dev.starling.ops.bench.timelines.Cast;
import dev.starling.ops.bench.timelines.Deliveries;
import dev.starling.ops.bench.timelines.TimelineRun;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The timeline benchmark's results: as text while the run goes, and as Markdown at the end. */
public final class TimelineReport {
  private static final String STREAM_ROW = "  %-6s %9s %10s %8s %8s %9s %8s %11s %10s %7s  %s%n";
  private static final String DELIVERY_ROW = "  %-10s %6s %12s %8s %8s %8s %13s%n";
  private static final long MIB = 1024 * 1024;

  private TimelineReport() {}

  /**
   * What is measured, where and how: the head of the report.
   *
   * @param thresholdSource where the celebrity threshold comes from, e.g. "set for this run"
   */
  public static void printSetup(
      PrintStream out,
      String runId,
      String command,
      String node,
      Cast cast,
      long seed,
      String thresholdSource,
      double postsPerSecond) {
    out.printf(
        "Starling timeline benchmark, run %s, %s%n",
        runId, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.println("Command:  " + command);
    out.println("Machine:  " + Machine.describe());
    out.println("Node:     " + node);
    FollowGraph graph = cast.graph();
    int[] following =
        IntStream.range(0, graph.users()).map(graph::followingCount).sorted().toArray();
    int[] followers =
        Arrays.stream(graph.byFollowersDescending()).map(graph::followerCount).toArray();
    out.printf(
        Locale.ROOT,
        "Graph:    %d users, %d follows (seed %d): following per user mean %.1f, median %d, max %d;"
            + " followers most %s, median %d, %d users have none%n",
        graph.users(),
        graph.follows(),
        seed,
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
        "          celebrity threshold %d (%s): %d authors above it (%s followers)%n",
        cast.threshold(),
        thresholdSource,
        cast.celebrities().length,
        Arrays.stream(cast.celebrities())
            .mapToObj(u -> Integer.toString(graph.followerCount(u)))
            .collect(Collectors.joining(", ")));
    double rowsPerPost = cast.fanOutRowsPerPost(cast.posters());
    out.printf(
        Locale.ROOT,
        "Posts:    by the %d users with followers, drawn evenly: %.1f fan-out rows per post"
            + " (celebrities' posts fan out none) → ~%.0f rows/s at %s posts/s; at saturation by"
            + " the %d most followed non-celebrities: %.1f rows per post%n",
        cast.posters().length,
        rowsPerPost,
        rowsPerPost * postsPerSecond,
        Numbers.rate(postsPerSecond),
        cast.saturationAuthors().length,
        cast.fanOutRowsPerPost(cast.saturationAuthors()));
    out.println();
  }

  public static void printOpenPhase(
      PrintStream out, TimelineRun.OpenPhase open, Duration pollEvery, Duration giveUpAfter) {
    out.printf(
        Locale.ROOT,
        STREAM_ROW,
        "stream",
        "offered/s",
        "achieved/s",
        "P50 ms",
        "P99 ms",
        "P99.9 ms",
        "max ms",
        "late starts",
        "not issued",
        "workers",
        "statuses");
    for (OpenStreamResult stream : List.of(open.posts(), open.reads())) {
      LoadResult load = stream.load();
      out.printf(
          Locale.ROOT,
          STREAM_ROW,
          stream.name(),
          Numbers.rate(stream.offeredPerSecond()),
          Numbers.rate(stream.achievedPerSecond()),
          Numbers.millis(load.latencyMillis(50)),
          Numbers.millis(load.latencyMillis(99)),
          Numbers.millis(load.latencyMillis(99.9)),
          Numbers.millis(load.latencyMillis(100)),
          stream.lateStarts() + "/" + stream.due(),
          stream.notIssued(),
          stream.workers(),
          load.outcomes());
    }
    out.printf(
        Locale.ROOT,
        "  (achieved = 2xx per second; latency from when each request was due; a late start began"
            + " more than %d ms after it)%n",
        OpenLoop.LATE_AFTER.toMillis());
    out.printf(
        Locale.ROOT,
        "Fan-out delivery (201 of the post → first poll showing it; %d followers poll every %d ms,"
            + " give up after %d s):%n",
        open.deliveries().followers(),
        pollEvery.toMillis(),
        giveUpAfter.toSeconds());
    out.printf(
        Locale.ROOT,
        DELIVERY_ROW,
        "authors",
        "posts",
        "observations",
        "P50 ms",
        "P99 ms",
        "max ms",
        "never arrived");
    for (AuthorKind kind : AuthorKind.values()) {
      Deliveries deliveries = open.deliveries().of(kind);
      out.printf(
          Locale.ROOT,
          DELIVERY_ROW,
          kind.label(),
          deliveries.posts(),
          deliveries.observations(),
          Numbers.millis(deliveries.latencyMillis(50)),
          Numbers.millis(deliveries.latencyMillis(99)),
          Numbers.millis(deliveries.maxMillis()),
          deliveries.missing());
    }
    out.printf(
        Locale.ROOT,
        "  watch polls: %s/s beside the load, %s%n",
        Numbers.rate(open.watchPolls()),
        open.deliveries().polls());
    out.println("  CPU cores node/Cassandra/client/other: " + cpu(open.cpu()));
  }

  public static void printSaturation(PrintStream out, TimelineRun.SaturationPhase saturation) {
    LoadResult posts = saturation.posts();
    out.printf(
        Locale.ROOT,
        "  posts: %s/s (2xx), P50 %s ms, P99 %s ms, P99.9 %s ms, %s%n",
        Numbers.rate(posts.okPerSecond()),
        Numbers.millis(posts.latencyMillis(50)),
        Numbers.millis(posts.latencyMillis(99)),
        Numbers.millis(posts.latencyMillis(99.9)),
        posts.outcomes());
    out.println("  fan-out deliveries: " + deliveries(saturation) + " over the same window");
    out.println("  CPU cores node/Cassandra/client/other: " + cpu(saturation.cpu()));
    out.printf(
        Locale.ROOT,
        "  the node %s %.1f s after the posts stopped%n",
        saturation.settled() ? "went quiet" : "was still busy (stopped waiting)",
        saturation.settledAfter().toMillis() / 1000.0);
  }

  public static void printPersistLoop(
      PrintStream out, PersistLoopResult persist, Optional<CpuUse> cpu, LoadResult posts) {
    out.printf(
        Locale.ROOT,
        "  bare persist loop: %s persists/s, ack P50 %s ms, P99 %s ms, failed %d; CPU %s%n",
        Numbers.rate(persist.persistsPerSecond()),
        Numbers.millis(persist.latencyMillis(50)),
        Numbers.millis(persist.latencyMillis(99)),
        persist.failed(),
        cpu(cpu));
    out.printf(
        Locale.ROOT,
        "  posts/s at saturation ÷ persists/s = %s ÷ %s = %s%n",
        Numbers.rate(posts.okPerSecond()),
        Numbers.rate(persist.persistsPerSecond()),
        Numbers.ratio(posts.okPerSecond() / persist.persistsPerSecond()));
  }

  public static void printRawInserts(
      PrintStream out,
      RawInsertLoop.Result raw,
      Optional<CpuUse> cpu,
      TimelineRun.SaturationPhase saturation) {
    out.printf(
        Locale.ROOT,
        "  raw inserts: %s rows/s, P50 %s ms, P99 %s ms, failed %d; CPU %s; %d test timelines"
            + " deleted again%n",
        Numbers.rate(raw.rowsPerSecond()),
        Numbers.millis(millis(raw.latencyMicros().getValueAtPercentile(50))),
        Numbers.millis(millis(raw.latencyMicros().getValueAtPercentile(99))),
        raw.failed(),
        cpu(cpu),
        raw.partitionsDeleted());
    out.println(
        "  fan-out deliveries/s at saturation ÷ raw rows/s = "
            + (saturation.deliveriesPerSecond().isPresent()
                ? Numbers.rate(saturation.deliveriesPerSecond().getAsDouble())
                    + " ÷ "
                    + Numbers.rate(raw.rowsPerSecond())
                    + " = "
                    + Numbers.ratio(
                        saturation.deliveriesPerSecond().getAsDouble() / raw.rowsPerSecond())
                : "n/a"));
  }

  public static String heap(Optional<HeapAfterGc> heap) {
    return heap.map(
            h ->
                String.format(
                    Locale.ROOT,
                    "%d MiB used of %d MiB committed",
                    h.usedBytes() / MIB,
                    h.committedBytes() / MIB))
        .orElse("n/a");
  }

  /** The run's tables for docs/benchmarks.md. */
  public static void printMarkdown(PrintStream out, TimelineRun run) {
    out.println(
        "| open model | offered/s | achieved/s | P50 ms | P99 ms | P99.9 ms | max ms | late starts"
            + " | not issued | statuses |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (OpenStreamResult stream : List.of(run.open().posts(), run.open().reads())) {
      LoadResult load = stream.load();
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %s | %d of %d | %d | %s |%n",
          stream.name(),
          Numbers.rate(stream.offeredPerSecond()),
          Numbers.rate(stream.achievedPerSecond()),
          Numbers.millis(load.latencyMillis(50)),
          Numbers.millis(load.latencyMillis(99)),
          Numbers.millis(load.latencyMillis(99.9)),
          Numbers.millis(load.latencyMillis(100)),
          stream.lateStarts(),
          stream.due(),
          stream.notIssued(),
          load.outcomes());
    }
    out.println();
    out.println(
        "| fan-out delivery | watched posts | observations | P50 ms | P99 ms | max ms | never"
            + " arrived |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (AuthorKind kind : AuthorKind.values()) {
      Deliveries d = run.open().deliveries().of(kind);
      out.printf(
          Locale.ROOT,
          "| %s authors | %d | %d | %s | %s | %s | %d |%n",
          kind.label(),
          d.posts(),
          d.observations(),
          Numbers.millis(d.latencyMillis(50)),
          Numbers.millis(d.latencyMillis(99)),
          Numbers.millis(d.maxMillis()),
          d.missing());
    }
    out.println();
    LoadResult posts = run.saturation().posts();
    PersistLoopResult persist = run.baselines().persistLoop();
    RawInsertLoop.Result raw = run.baselines().rawInserts();
    out.println(
        "| saturation, same run | per second | P50 ms | P99 ms | failures | CPU"
            + " node/Cassandra/client/other |");
    out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    out.printf(
        Locale.ROOT,
        "| posts, closed loop, %d in flight | %s | %s | %s | %d | %s |%n",
        posts.connections(),
        Numbers.rate(posts.okPerSecond()),
        Numbers.millis(posts.latencyMillis(50)),
        Numbers.millis(posts.latencyMillis(99)),
        posts.outcomes().failures(),
        cpu(run.saturation().cpu()));
    out.printf(
        Locale.ROOT,
        "| fan-out deliveries during those posts (`%s`) | %s | | | | |%n",
        NodeCounter.FANOUT_DELIVERIES,
        run.saturation().deliveriesPerSecond().isPresent()
            ? Numbers.rate(run.saturation().deliveriesPerSecond().getAsDouble())
            : "n/a");
    out.printf(
        Locale.ROOT,
        "| bare persist loop, %d entities (node idle) | %s | %s | %s | %d | %s |%n",
        persist.entities(),
        Numbers.rate(persist.persistsPerSecond()),
        Numbers.millis(persist.latencyMillis(50)),
        Numbers.millis(persist.latencyMillis(99)),
        persist.failed(),
        cpu(run.baselines().persistCpu()));
    out.printf(
        Locale.ROOT,
        "| raw `home_timeline` inserts, %d in flight (node idle) | %s | %s | %s | %d | %s |%n",
        raw.inFlight(),
        Numbers.rate(raw.rowsPerSecond()),
        Numbers.millis(millis(raw.latencyMicros().getValueAtPercentile(50))),
        Numbers.millis(millis(raw.latencyMicros().getValueAtPercentile(99))),
        raw.failed(),
        cpu(run.baselines().rawCpu()));
    out.println();
    out.println("Node heap after a full GC, at the end: " + heap(run.heap()) + ".");
    out.println();
    TimelineTargets.printMarkdown(out, run);
  }

  private static String deliveries(TimelineRun.SaturationPhase saturation) {
    return saturation.deliveriesPerSecond().isPresent()
        ? Numbers.rate(saturation.deliveriesPerSecond().getAsDouble()) + " rows/s"
        : "n/a (the node does not expose " + NodeCounter.FANOUT_DELIVERIES + ")";
  }

  private static String cpu(Optional<CpuUse> cpu) {
    return cpu.map(CpuUse::compact).orElse("n/a");
  }

  private static double millis(long micros) {
    return micros / 1_000.0;
  }
}
