package dev.starling.ops.bench.metrics;

import java.util.OptionalDouble;

/** Reads sample values out of the Prometheus text exposition format. */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * The sum of every series of {@code metric} (all label sets), or empty when no sample of it is
   * present. Only the exact name counts: {@code x_total} does not match {@code x_total_created}.
   */
  public static OptionalDouble sum(String exposition, String metric) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      OptionalDouble value = sampleValue(line.strip(), metric);
      if (value.isPresent()) {
        sum += value.getAsDouble();
        found = true;
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static OptionalDouble sampleValue(String line, String metric) {
    if (!line.startsWith(metric) || line.length() == metric.length()) {
      return OptionalDouble.empty();
    }
    int at = metric.length();
    char next = line.charAt(at);
    if (next == '{') {
      at = endOfLabels(line, at);
      if (at < 0) {
        return OptionalDouble.empty();
      }
    } else if (next != ' ' && next != '\t') {
      return OptionalDouble.empty();
    }
    String[] valueAndTimestamp = line.substring(at).strip().split("\\s+");
    try {
      return OptionalDouble.of(parseValue(valueAndTimestamp[0]));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** The index after the closing brace; label values may hold braces, quotes and escapes. */
  private static int endOfLabels(String line, int openingBrace) {
    boolean quoted = false;
    for (int i = openingBrace + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i + 1;
      }
    }
    return -1;
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
