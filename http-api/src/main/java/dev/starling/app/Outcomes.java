package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.http.ApiProblem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

final class Outcomes {
  private Outcomes() {}

  /** The accepted value, or a failed stage carrying the rejection as an API problem. */
  static <T> CompletionStage<T> accepted(Outcome<T> outcome) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return CompletableFuture.completedFuture(accepted.value());
    }
    return CompletableFuture.failedFuture(
        ApiProblem.from(((Outcome.Rejected<T>) outcome).rejection()));
  }
}
