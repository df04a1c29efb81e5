package dev.starling.ops.bench.report;

import dev.starling.ops.bench.load.LoadResult;
import dev.starling.ops.bench.load.Outcome;
import dev.starling.ops.bench.load.OutcomeCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The read path's targets, checked against one run's results. */
public final class Targets {
  static final int TARGET_CONNECTIONS = 16;
  static final double LEAST_SHARE_OF_BASELINE = 0.3;
  static final double MOST_LIMIT_100_COST = 2.0;

  private Targets() {}

  /** The levels the overload targets and the constant-route probe look at: the two highest. */
  public static List<Integer> saturatedLevels(List<Integer> connections) {
    return connections.stream().sorted(Comparator.reverseOrder()).limit(2).sorted().toList();
  }

  public static void print(PrintStream out, List<LevelResult> levels) {
    out.println("Targets:");
    out.println("  " + timelineShareOfBaseline(levels));
    List<Integer> saturatedConnections =
        saturatedLevels(levels.stream().map(LevelResult::connections).toList());
    List<LevelResult> saturated =
        levels.stream().filter(l -> saturatedConnections.contains(l.connections())).toList();
    out.println("  " + noFailuresUnderOverload(saturated));
    out.println("  " + constantRouteAnswersWhileSaturated(saturated));
    out.println("  " + limit100Cost(levels));
  }

  private static String timelineShareOfBaseline(List<LevelResult> levels) {
    String target =
        String.format(
            Locale.ROOT,
            "home_timeline?limit=20 at %d connections ≥ %.1f × baseline req/s: ",
            TARGET_CONNECTIONS,
            LEAST_SHARE_OF_BASELINE);
    Optional<LevelResult> level =
        levels.stream().filter(l -> l.connections() == TARGET_CONNECTIONS).findFirst();
    if (level.isEmpty()) {
      return target + "not measured (no run at " + TARGET_CONNECTIONS + " connections)";
    }
    double share = level.get().homeLimit20().vsBaseline();
    return target + Numbers.ratio(share) + " × — " + verdict(share >= LEAST_SHARE_OF_BASELINE);
  }

  private static String noFailuresUnderOverload(List<LevelResult> saturated) {
    OutcomeCounts all = new OutcomeCounts();
    for (LevelResult level : saturated) {
      level.cases().forEach(c -> all.addAll(c.load().outcomes()));
      level.saturatedProbe().ifPresent(p -> all.addAll(p.outcomes()));
    }
    List<String> failures = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      if (outcome.isFailure() && all.get(outcome) > 0) {
        failures.add(outcome.label() + "=" + all.get(outcome));
      }
    }
    return "no 5xx but 503 with Retry-After, no I/O errors, at "
        + connectionList(saturated)
        + " connections (every case): "
        + (failures.isEmpty() ? "none" : String.join(" ", failures))
        + " — "
        + verdict(failures.isEmpty());
  }

  private static String constantRouteAnswersWhileSaturated(List<LevelResult> saturated) {
    List<String> figures = new ArrayList<>();
    boolean met = !saturated.isEmpty();
    for (LevelResult level : saturated) {
      LoadResult probe = level.saturatedProbe().orElseThrow();
      boolean answered = probe.measuredRequests() > 0 && probe.outcomes().failures() == 0;
      met &= answered;
      figures.add(
          level.connections()
              + ": "
              + Numbers.rate(probe.requestsPerSecond())
              + " req/s, P99 "
              + Numbers.millis(probe.latencyMillis(99))
              + " ms, "
              + probe.outcomes());
    }
    return "constant route answers while home_timeline?limit=20 saturates the node ("
        + String.join("; ", figures)
        + ") — "
        + verdict(met);
  }

  private static String limit100Cost(List<LevelResult> levels) {
    boolean met = true;
    List<String> figures = new ArrayList<>();
    for (LevelResult level : levels) {
      double cost = level.limit100CostByThroughput();
      met &= cost < MOST_LIMIT_100_COST;
      figures.add(level.connections() + ": " + Numbers.ratio(cost) + "×");
    }
    return String.format(
            Locale.ROOT,
            "limit=100 costs < %.0f × limit=20 per request, by 200s per second (",
            MOST_LIMIT_100_COST)
        + String.join(", ", figures)
        + ") — "
        + verdict(met);
  }

  private static String connectionList(List<LevelResult> levels) {
    return levels.stream()
        .map(l -> Integer.toString(l.connections()))
        .collect(Collectors.joining(" and "));
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }
}
