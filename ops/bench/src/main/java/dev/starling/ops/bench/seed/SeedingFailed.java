package dev.starling.ops.bench.seed;

/** The node answered a seeding call in a way retrying cannot fix. */
public final class SeedingFailed extends RuntimeException {
  public SeedingFailed(String message) {
    super(message);
  }

  public SeedingFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
