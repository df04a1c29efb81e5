package dev.starling.ops.bench.report;

import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.load.LoadResult;
import java.io.PrintStream;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

/** The results as aligned text, printed case by case while the run goes, and as Markdown. */
public final class ResultTable {
  private static final String ROW = "%5s  %-29s %9s %9s %8s %8s %8s %9s %6s  %-19s  %s%n";

  /** Above this share of the cores used by others, a run does not measure Starling alone. */
  private static final double QUIET_SHARE = 0.05;

  private ResultTable() {}

  public static void printHeader(PrintStream out) {
    out.printf(
        Locale.ROOT,
        ROW,
        "conns",
        "case",
        "requests",
        "req/s",
        "P50 ms",
        "P99 ms",
        "P99.9 ms",
        "stmts/req",
        "×base",
        "CPU node/db/cli/oth",
        "statuses");
  }

  public static void printRow(PrintStream out, int connections, CaseResult result) {
    LoadResult load = result.load();
    out.printf(
        Locale.ROOT,
        ROW,
        connections,
        result.name(),
        load.measuredRequests(),
        Numbers.rate(load.requestsPerSecond()),
        Numbers.millis(load.latencyMillis(50)),
        Numbers.millis(load.latencyMillis(99)),
        Numbers.millis(load.latencyMillis(99.9)),
        Numbers.statements(result.statementsPerRequest()),
        Numbers.ratio(result.vsBaseline()),
        result.cpu().map(CpuUse::compact).orElse("n/a"),
        load.outcomes());
  }

  /** The per-level figures printed under a level's cases. */
  public static void printLevelNotes(PrintStream out, LevelResult level, String homeCaseName) {
    out.printf(
        Locale.ROOT,
        "%5s  per-request cost of limit=100 vs limit=20: %s× by throughput (200s per second of"
            + " limit=20 ÷ those of limit=100), %s× by P50 of the 200s%n",
        "",
        Numbers.ratio(level.limit100CostByThroughput()),
        Numbers.ratio(level.limit100CostByMedianLatency()));
    level
        .saturatedProbe()
        .ifPresent(
            probe ->
                out.printf(
                    Locale.ROOT,
                    "%5s  constant route while saturated (1 extra connection during %s): %s req/s,"
                        + " P50 %s ms, P99 %s ms, %s%n",
                    "",
                    homeCaseName,
                    Numbers.rate(probe.requestsPerSecond()),
                    Numbers.millis(probe.latencyMillis(50)),
                    Numbers.millis(probe.latencyMillis(99)),
                    probe.outcomes()));
  }

  /**
   * How much CPU processes other than the node, Cassandra and this client took during the windows:
   * on a shared machine they make every figure lower and noisier.
   */
  public static void printOtherLoad(PrintStream out, List<LevelResult> levels) {
    DoubleSummaryStatistics other =
        levels.stream()
            .flatMap(level -> level.cases().stream())
            .flatMap(result -> result.cpu().stream())
            .mapToDouble(CpuUse::other)
            .summaryStatistics();
    if (other.getCount() == 0) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        Locale.ROOT,
        "Other load: processes other than node, Cassandra and client used %.2f cores on average"
            + " (at most %.2f) of %d during the measured windows%s%n",
        other.getAverage(),
        other.getMax(),
        cores,
        other.getAverage() > QUIET_SHARE * cores
            ? "; the machine was not quiet, so these figures are low and noisy"
            : "");
  }

  public static void printMarkdown(PrintStream out, List<LevelResult> levels) {
    out.println(
        "| connections | case | requests | req/s | P50 ms | P99 ms | P99.9 ms | statuses |"
            + " Cassandra statements / request | × baseline | CPU cores node/Cassandra/client/other"
            + " |");
    out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    for (LevelResult level : levels) {
      for (CaseResult result : level.cases()) {
        LoadResult load = result.load();
        out.printf(
            Locale.ROOT,
            "| %d | `%s` | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            level.connections(),
            result.name(),
            load.measuredRequests(),
            Numbers.rate(load.requestsPerSecond()),
            Numbers.millis(load.latencyMillis(50)),
            Numbers.millis(load.latencyMillis(99)),
            Numbers.millis(load.latencyMillis(99.9)),
            load.outcomes(),
            Numbers.statements(result.statementsPerRequest()),
            Numbers.ratio(result.vsBaseline()),
            result.cpu().map(CpuUse::compact).orElse("n/a"));
      }
    }
    out.println();
    out.println(
        "| connections | limit=100 ÷ limit=20 cost per request, by 200s per second | by P50 of"
            + " the 200s | constant route while saturated: req/s | P50 ms | P99 ms | statuses |");
    out.println("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (LevelResult level : levels) {
      String probe =
          level
              .saturatedProbe()
              .map(
                  p ->
                      String.join(
                          " | ",
                          Numbers.rate(p.requestsPerSecond()),
                          Numbers.millis(p.latencyMillis(50)),
                          Numbers.millis(p.latencyMillis(99)),
                          p.outcomes().toString()))
              .orElse("– | – | – | –");
      out.printf(
          Locale.ROOT,
          "| %d | %s | %s | %s |%n",
          level.connections(),
          Numbers.ratio(level.limit100CostByThroughput()),
          Numbers.ratio(level.limit100CostByMedianLatency()),
          probe);
    }
  }
}
