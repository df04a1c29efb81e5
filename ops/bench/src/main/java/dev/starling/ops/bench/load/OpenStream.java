package dev.starling.ops.bench.load;

import java.io.IOException;
import java.util.function.IntFunction;

/**
 * Requests at a fixed rate, served by a bounded pool of workers.
 *
 * @param workers how many requests may be in flight at once; an arrival finding every worker busy
 *     waits and starts late (its latency still counts from when it was due)
 * @param callerForWorker makes worker {@code n}'s caller, which owns that worker's connection
 */
public record OpenStream(
    String name, double perSecond, int workers, IntFunction<Caller> callerForWorker) {

  public OpenStream {
    if (perSecond <= 0 || workers < 1) {
      throw new IllegalArgumentException(name + ": rate and workers must be positive");
    }
  }

  /** Makes one request for one worker; never used by two threads at once. */
  public interface Caller extends AutoCloseable {
    Outcome call(Arrival arrival) throws IOException;

    @Override
    default void close() {}
  }

  long intervalNanos() {
    return Math.round(1e9 / perSecond);
  }
}
