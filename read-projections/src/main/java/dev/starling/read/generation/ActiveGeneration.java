package dev.starling.read.generation;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The repository of the generation a read model's queries read, swapped in one step when a replay
 * switches; empty while a new model waits for its backfill. Queries take it once per request, so a
 * request reads one generation from start to end.
 */
public final class ActiveGeneration<R> {
  private final String model;
  private final AtomicReference<Optional<Served<R>>> served =
      new AtomicReference<>(Optional.empty());

  record Served<R>(int generation, R repository) {}

  ActiveGeneration(String model) {
    this.model = model;
  }

  /** The active generation's repository; throws {@link ReadModelBuilding} when there is none. */
  public R get() {
    return served.get().orElseThrow(() -> new ReadModelBuilding(model)).repository();
  }

  /** The generation queries read now, if any. */
  public Optional<Integer> generation() {
    return served.get().map(Served::generation);
  }

  void serve(int generation, R repository) {
    served.set(Optional.of(new Served<>(generation, repository)));
  }
}
