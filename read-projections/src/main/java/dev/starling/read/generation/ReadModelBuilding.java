package dev.starling.read.generation;

/**
 * A query of a read model that has no generation to serve yet: it is being backfilled. The HTTP
 * layer answers 503 with {@code Retry-After}; nothing is wrong with the request.
 */
public final class ReadModelBuilding extends RuntimeException {
  public ReadModelBuilding(String model) {
    super(
        "the " + model + " read model is being built from the journal; retry later",
        null,
        false,
        false);
  }
}
