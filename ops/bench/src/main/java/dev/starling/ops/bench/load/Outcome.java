package dev.starling.ops.bench.load;

import dev.starling.ops.bench.http.HttpResponse;

/** What one request came to, in the classes the benchmarks report. */
public enum Outcome {
  /** Any 2xx: reads answer 200, posts 201. */
  OK("2xx"),
  /** Load shed the way the contract asks: {@code 503} with {@code Retry-After}. */
  SHED("503"),
  /** A {@code 503} without {@code Retry-After}: a failure, clients cannot back off properly. */
  SHED_WITHOUT_RETRY_AFTER("503-no-Retry-After"),
  CLIENT_ERROR("4xx"),
  SERVER_ERROR("5xx"),
  OTHER_STATUS("other"),
  IO_ERROR("io-error");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** What the targets forbid under load: everything 5xx but a proper 503, and broken exchanges. */
  public boolean isFailure() {
    return this == SHED_WITHOUT_RETRY_AFTER || this == SERVER_ERROR || this == IO_ERROR;
  }

  public static Outcome of(HttpResponse response) {
    int status = response.status();
    if (status / 100 == 2) {
      return OK;
    }
    if (status == 503) {
      return response.header("Retry-After").isPresent() ? SHED : SHED_WITHOUT_RETRY_AFTER;
    }
    if (status >= 400 && status < 500) {
      return CLIENT_ERROR;
    }
    if (status >= 500 && status < 600) {
      return SERVER_ERROR;
    }
    return OTHER_STATUS;
  }
}
