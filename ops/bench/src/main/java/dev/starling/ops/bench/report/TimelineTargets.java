package dev.starling.ops.bench.report;

import dev.starling.ops.bench.load.OpenStreamResult;
import dev.starling.ops.bench.load.Outcome;
import dev.starling.ops.bench.metrics.NodeCounter;
import dev.starling.ops.bench.timelines.AuthorKind;
import dev.starling.ops.bench.timelines.Deliveries;
import dev.starling.ops.bench.timelines.TimelineRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The targets of the fan-out-at-scale issue, checked against one run. */
public final class TimelineTargets {
  static final double MOST_DELIVERY_P99_MILLIS = 1_000;
  static final double STRETCH_DELIVERY_P99_MILLIS = 250;
  static final double MOST_READ_P99_MILLIS = 50;
  static final double MOST_POST_P99_MILLIS = 200;
  static final double LEAST_POSTS_VS_PERSIST_LOOP = 0.8;
  static final double LEAST_DELIVERIES_VS_RAW_INSERTS = 0.7;

  private TimelineTargets() {}

  enum Verdict {
    MET("met"),
    MISSED("MISSED"),
    NOT_MEASURED("not measured");

    final String label;

    Verdict(String label) {
      this.label = label;
    }

    static Verdict of(boolean met) {
      return met ? MET : MISSED;
    }
  }

  /** One target: what it asks, what the run measured, and whether that meets it. */
  record Check(String target, String measured, Verdict verdict) {}

  static List<Check> checks(TimelineRun run) {
    List<Check> checks = new ArrayList<>();
    checks.add(noErrors(run.open()));
    checks.addAll(delivery(run.open()));
    checks.add(
        latency(
            "read P99 < " + (int) MOST_READ_P99_MILLIS + " ms",
            run.open().reads(),
            MOST_READ_P99_MILLIS));
    checks.add(
        latency(
            "post P99 < " + (int) MOST_POST_P99_MILLIS + " ms",
            run.open().posts(),
            MOST_POST_P99_MILLIS));
    double postsRatio = run.postsVsPersistLoop();
    checks.add(
        new Check(
            "posts/s at saturation ≥ " + LEAST_POSTS_VS_PERSIST_LOOP + " × bare persist loop",
            Numbers.rate(run.saturation().posts().okPerSecond())
                + " / "
                + Numbers.rate(run.baselines().persistLoop().persistsPerSecond())
                + " = "
                + Numbers.ratio(postsRatio),
            Verdict.of(postsRatio >= LEAST_POSTS_VS_PERSIST_LOOP)));
    OptionalDouble deliveriesRatio = run.deliveriesVsRawInserts();
    String deliveriesTarget =
        "fan-out deliveries/s at saturation ≥ "
            + LEAST_DELIVERIES_VS_RAW_INSERTS
            + " × raw inserts";
    checks.add(
        deliveriesRatio.isPresent()
            ? new Check(
                deliveriesTarget,
                Numbers.rate(run.saturation().deliveriesPerSecond().getAsDouble())
                    + " / "
                    + Numbers.rate(run.baselines().rawInserts().rowsPerSecond())
                    + " = "
                    + Numbers.ratio(deliveriesRatio.getAsDouble()),
                Verdict.of(deliveriesRatio.getAsDouble() >= LEAST_DELIVERIES_VS_RAW_INSERTS))
            : new Check(
                deliveriesTarget,
                "n/a: the node does not expose " + NodeCounter.FANOUT_DELIVERIES,
                Verdict.NOT_MEASURED));
    return checks;
  }

  private static Check noErrors(TimelineRun.OpenPhase open) {
    List<String> figures = new ArrayList<>();
    boolean met = true;
    for (OpenStreamResult stream : List.of(open.posts(), open.reads())) {
      long failures = stream.load().outcomes().failures() + stream.notIssued();
      met &= failures == 0;
      figures.add(
          String.format(
              Locale.ROOT,
              "%s %d (shed with Retry-After: %d)",
              stream.name(),
              failures,
              stream.load().outcomes().get(Outcome.SHED)));
    }
    return new Check(
        "no errors under the offered load (5xx but 503 with Retry-After, I/O errors, requests"
            + " never issued)",
        String.join(", ", figures),
        Verdict.of(met));
  }

  private static List<Check> delivery(TimelineRun.OpenPhase open) {
    List<String> figures = new ArrayList<>();
    boolean measured = false;
    boolean met = true;
    boolean stretchMet = true;
    for (AuthorKind kind : AuthorKind.values()) {
      Deliveries deliveries = open.deliveries().of(kind);
      if (deliveries.observations() == 0) {
        figures.add(kind.label() + " -");
        continue;
      }
      measured = true;
      double p99 = deliveries.latencyMillis(99);
      met &= p99 < MOST_DELIVERY_P99_MILLIS;
      stretchMet &= p99 < STRETCH_DELIVERY_P99_MILLIS;
      figures.add(kind.label() + " " + Numbers.millis(p99) + " ms");
    }
    String measuredText =
        String.join(", ", figures) + " (never arrived counted at the give-up time)";
    return List.of(
        new Check(
            "fan-out delivery P99 < " + (int) MOST_DELIVERY_P99_MILLIS + " ms",
            measuredText,
            measured ? Verdict.of(met) : Verdict.NOT_MEASURED),
        new Check(
            "stretch: fan-out delivery P99 < " + (int) STRETCH_DELIVERY_P99_MILLIS + " ms",
            measuredText,
            measured ? Verdict.of(stretchMet) : Verdict.NOT_MEASURED));
  }

  private static Check latency(String target, OpenStreamResult stream, double mostMillis) {
    double p99 = stream.load().latencyMillis(99);
    return new Check(
        target,
        Numbers.millis(p99) + " ms",
        Double.isNaN(p99) ? Verdict.NOT_MEASURED : Verdict.of(p99 < mostMillis));
  }

  public static void print(PrintStream out, TimelineRun run) {
    out.println("Targets:");
    for (Check check : checks(run)) {
      out.println("  " + check.target() + ": " + check.measured() + " — " + check.verdict().label);
    }
  }

  static void printMarkdown(PrintStream out, TimelineRun run) {
    out.println("| target | measured | verdict |");
    out.println("| --- | --- | --- |");
    for (Check check : checks(run)) {
      out.println(
          "| " + check.target() + " | " + check.measured() + " | " + check.verdict().label + " |");
    }
  }
}
