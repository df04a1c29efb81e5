package dev.starling.ops.bench.report;

import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.load.LoadResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The results as aligned text, printed case by case while the run goes, and as Markdown. */
public final class ResultTable {
  private static final String ROW = "%5s  %-29s %9s %9s %8s %8s %8s %9s %6s  %-19s  %s%n";

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
            + " limit=20 ÷ those of limit=100)%n",
        "",
        Numbers.ratio(level.limit100CostByThroughput()));
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
        "| connections | limit=100 ÷ limit=20 cost per request (by 200s per second) |"
            + " constant route while saturated: req/s | P50 ms | P99 ms | statuses |");
    out.println("| ---: | ---: | ---: | ---: | ---: | --- |");
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
          "| %d | %s | %s |%n",
          level.connections(),
          Numbers.ratio(level.limit100CostByThroughput()),
          probe);
    }
  }
}
