package dev.starling.ops.bench.load;

import java.util.ArrayList;
import java.util.List;

/** How many requests ended in each {@link Outcome}. Not thread-safe: one per connection. */
public final class OutcomeCounts {
  private final long[] counts = new long[Outcome.values().length];

  public void add(Outcome outcome) {
    counts[outcome.ordinal()]++;
  }

  public void addAll(OutcomeCounts other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  public long get(Outcome outcome) {
    return counts[outcome.ordinal()];
  }

  /** Every request counted, whatever its outcome. */
  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  public long failures() {
    long failures = 0;
    for (Outcome outcome : Outcome.values()) {
      if (outcome.isFailure()) {
        failures += get(outcome);
      }
    }
    return failures;
  }

  /** The non-zero counts, e.g. {@code 200=5120 503=12}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      if (get(outcome) > 0) {
        parts.add(outcome.label() + "=" + get(outcome));
      }
    }
    return parts.isEmpty() ? "none" : String.join(" ", parts);
  }
}
