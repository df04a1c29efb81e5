package dev.starling.ops.bench.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** Figures rounded to what the measurement can tell. */
final class Numbers {
  private Numbers() {}

  static String rate(double perSecond) {
    return perSecond < 100 ? format("%.1f", perSecond) : format("%.0f", perSecond);
  }

  static String millis(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    if (millis < 10) {
      return format("%.2f", millis);
    }
    return millis < 100 ? format("%.1f", millis) : format("%.0f", millis);
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : format("%.2f", ratio);
  }

  static String statements(OptionalDouble perRequest) {
    return perRequest.isPresent() ? format("%.2f", perRequest.getAsDouble()) : "n/a";
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
