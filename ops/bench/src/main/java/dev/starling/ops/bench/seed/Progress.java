package dev.starling.ops.bench.seed;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Counts finished steps of a seeding stage and prints rate and ETA at most every ten seconds: the
 * timeline benchmark's stages run for minutes, and a line every two seconds buried its report.
 */
final class Progress {
  private static final long PRINT_EVERY_NANOS = 10_000_000_000L;

  private final String stage;
  private final int total;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private long lastPrinted = started;
  private int done;

  Progress(String stage, int total, PrintStream out) {
    this.stage = stage;
    this.total = total;
    this.out = out;
  }

  synchronized void advance() {
    done++;
    long now = System.nanoTime();
    if (done == total || now - lastPrinted >= PRINT_EVERY_NANOS) {
      lastPrinted = now;
      double seconds = (now - started) / 1e9;
      double rate = done / Math.max(seconds, 1e-3);
      out.printf(
          Locale.ROOT,
          "  %s: %d/%d (%.1f/s, %s)%n",
          stage,
          done,
          total,
          rate,
          done == total
              ? String.format(Locale.ROOT, "took %.1f s", seconds)
              : String.format(Locale.ROOT, "ETA %.0f s", (total - done) / rate));
    }
  }
}
