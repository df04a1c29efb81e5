package dev.starling.app;

import dev.starling.common.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class Outcomes {
  private Outcomes() {}

  /** The accepted value, or a failed stage carrying the aggregate's rejection. */
  static <T> CompletionStage<T> accepted(Outcome<T> outcome) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return CompletableFuture.completedFuture(accepted.value());
    }
    return CompletableFuture.failedFuture(
        new Rejected(((Outcome.Rejected<T>) outcome).rejection()));
  }
}
