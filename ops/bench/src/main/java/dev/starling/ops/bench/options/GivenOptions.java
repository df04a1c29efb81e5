package dev.starling.ops.bench.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options a benchmark was given, by name, with the value parsers every benchmark shares.
 * Accepts {@code --name value} and {@code --name=value}; every mistake is an {@link
 * IllegalArgumentException} naming the option.
 */
public final class GivenOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

  private final Map<String, String> given;

  private GivenOptions(Map<String, String> given) {
    this.given = given;
  }

  /**
   * @param flags options without a value
   * @param valued options that take one
   * @throws IllegalArgumentException naming the option that is unknown, repeated or lacks a value
   */
  public static GivenOptions parse(List<String> args, Set<String> flags, Set<String> valued) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (flags.contains(name) && equals < 0) {
        value = "true";
      } else if (valued.contains(name)) {
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new IllegalArgumentException(name + " needs a value");
        }
      } else {
        throw new IllegalArgumentException("unknown option: " + arg);
      }
      if (given.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return new GivenOptions(given);
  }

  public boolean flag(String name) {
    return given.containsKey(name);
  }

  public Optional<String> text(String name) {
    return Optional.ofNullable(given.get(name));
  }

  public String text(String name, String fallback) {
    return given.getOrDefault(name, fallback);
  }

  /** e.g. {@code 15s}, {@code 500ms}, {@code 1m}; a bare number is seconds. */
  public Duration duration(String name, String fallback) {
    String text = text(name, fallback);
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(name + ": expected e.g. 15s, 500ms or 1m, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  public int positive(String name, String fallback, int max) {
    return wholeNumber(name, text(name, fallback), 1, max);
  }

  public Optional<Integer> positive(String name, int max) {
    return text(name).map(text -> wholeNumber(name, text, 1, max));
  }

  public int nonNegative(String name, String fallback, int max) {
    return wholeNumber(name, text(name, fallback), 0, max);
  }

  public List<Integer> positiveList(String name, String fallback, int max) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      numbers.add(wholeNumber(name, part, 1, max));
    }
    return numbers;
  }

  /** A rate or a share: a decimal number above 0 and at most {@code max}. */
  public double positiveDecimal(String name, String fallback, double max) {
    String text = text(name, fallback);
    try {
      double value = Double.parseDouble(text.trim());
      if (value > 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw new IllegalArgumentException(
        name + ": expected a number above 0 and at most " + max + ", got " + text);
  }

  public long anyLong(String name, String fallback) {
    String text = text(name, fallback);
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number, got " + text, e);
    }
  }

  private static int wholeNumber(String name, String text, int least, int max) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= least && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw new IllegalArgumentException(
        name + ": expected a number from " + least + " to " + max + ", got " + text);
  }
}
