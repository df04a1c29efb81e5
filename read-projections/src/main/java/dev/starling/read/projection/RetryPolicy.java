package dev.starling.read.projection;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How often an event a handler failed on is tried again before its projection instance stops on it:
 * {@code retries} more times, the delay doubling from {@code minBackoff} up to {@code maxBackoff}.
 */
record RetryPolicy(int retries, Duration minBackoff, Duration maxBackoff) {
  RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("starling.projections.retries must be >= 0");
    }
  }

  static RetryPolicy from(Config failure) {
    return new RetryPolicy(
        failure.getInt("retries"),
        failure.getDuration("retry-min-backoff"),
        failure.getDuration("retry-max-backoff"));
  }

  /** The delay before attempt {@code failedAttempt + 1}. */
  Duration delayAfter(int failedAttempt) {
    long factor = 1L << Math.min(failedAttempt - 1, 30);
    Duration delay = minBackoff.multipliedBy(factor);
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }
}
