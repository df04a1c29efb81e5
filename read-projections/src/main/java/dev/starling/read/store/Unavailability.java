package dev.starling.read.store;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * The one rule that tells "a dependency could not serve in time" (retry later, nothing is wrong
 * with the request or the event) from a failure that points at a bug or bad data. The HTTP API
 * answers the first with 503; a projection restarts on it instead of counting it against the event.
 */
public final class Unavailability {
  private static final int MAX_CAUSE_DEPTH = 32;

  private Unavailability() {}

  /**
   * Judged by the first cause in the chain that says either way. Queries the driver rejected as
   * invalid (syntax, schema, codecs) are bugs in this code, whatever wraps them.
   */
  public static boolean isUnavailable(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH && seen.add(cause); depth++) {
      if (cause instanceof QueryValidationException || cause instanceof CodecNotFoundException) {
        return false;
      }
      if (cause instanceof DriverException
          || cause instanceof StoreUnavailableException
          || cause instanceof AskTimeoutException
          || cause instanceof TimeoutException
          || cause instanceof RetriableException
          || cause instanceof CircuitBreakerOpenException
          || cause instanceof RejectedExecutionException) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }
}
