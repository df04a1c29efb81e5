package dev.starling.ops.bench.seed;

import java.util.concurrent.ThreadLocalRandom;

/** Tells one run's accounts from every other's: handles carry it, so runs never collide. */
public final class RunId {
  private RunId() {}

  /** Five base-36 characters: handles like {@code b<run>u<n>} stay within 15 characters. */
  public static String next() {
    long id = ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36);
    return Long.toString(id, 36);
  }
}
