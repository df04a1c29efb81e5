package dev.starling.ops.bench.timelines;

import java.util.SplittableRandom;

/**
 * Even draws that depend only on the run's seed and a request's sequence number, so a run repeats
 * the same choices whichever worker thread makes the request.
 */
final class SeededDraw {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SeededDraw() {}

  /** A number in {@code [0, bound)}. */
  static int of(long seed, long sequence, int bound) {
    return new SplittableRandom(seed ^ (sequence * GOLDEN_GAMMA)).nextInt(bound);
  }
}
