package dev.starling.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node answers more work than it can do ({@code starling.http.overload}): the count of
 * requests in flight and its limit, the {@code Retry-After} every 503 carries, and a log that says
 * how much was refused once per interval instead of once per request — under overload a line per
 * request would add to the load it reports.
 *
 * <p>One per actor system (an extension), so the routes, the problem boundary and the request
 * timeout share one count and one log.
 */
public final class Overload implements Extension {
  private static final Logger log = LoggerFactory.getLogger(Overload.class);
  private static final Id ID = new Id();

  private final int maxInFlight;
  private final String retryAfterSeconds;
  private final long logIntervalNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger shed = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicReference<String> lastCause = new AtomicReference<>();
  private final AtomicLong nextLogAt;
  private volatile HttpResponse shedResponse;

  private Overload(Config settings) {
    maxInFlight = settings.getInt("max-in-flight");
    retryAfterSeconds =
        Long.toString(Math.max(1, ceilSeconds(settings.getDuration("retry-after"))));
    logIntervalNanos = settings.getDuration("log-interval").toNanos();
    nextLogAt = new AtomicLong(System.nanoTime());
  }

  public static Overload get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** Admits one more request unless {@code max-in-flight} are running; pair with {@link #leave}. */
  boolean tryEnter() {
    if (inFlight.incrementAndGet() <= maxInFlight) {
      return true;
    }
    inFlight.decrementAndGet();
    shed.incrementAndGet();
    logSummaryIfDue();
    return false;
  }

  void leave() {
    inFlight.decrementAndGet();
  }

  /**
   * The 503 for a request refused at the door, rendered once: under overload it is most of what a
   * node answers.
   */
  HttpResponse shedResponse() {
    var rendered = shedResponse;
    if (rendered == null) {
      rendered =
          ProblemHandling.response(
              serviceUnavailable(
                  "Service unavailable",
                  "the node is at its limit of concurrent requests; retry later"));
      shedResponse = rendered;
    }
    return rendered;
  }

  /** The 503 for a request that failed because Cassandra or an entity could not answer in time. */
  ApiProblem unavailableProblem(String cause) {
    unavailable.incrementAndGet();
    lastCause.set(cause);
    logSummaryIfDue();
    return serviceUnavailable(
        "Service unavailable",
        "the service is overloaded or a dependency is unavailable; retry later");
  }

  /** A 503 with this node's {@code Retry-After}. */
  public ApiProblem serviceUnavailable(String title, String detail) {
    return new ApiProblem(
        StatusCodes.SERVICE_UNAVAILABLE, title, detail, Map.of("Retry-After", retryAfterSeconds));
  }

  private void logSummaryIfDue() {
    long now = System.nanoTime();
    long due = nextLogAt.get();
    if (now - due < 0 || !nextLogAt.compareAndSet(due, now + logIntervalNanos)) {
      return;
    }
    int refused = shed.getAndSet(0);
    int failed = unavailable.getAndSet(0);
    String cause = lastCause.getAndSet(null);
    log.warn(
        "Overloaded: {} requests shed at the limit of {} in flight, {} answered 503 because a"
            + " dependency failed or timed out (latest: {}); next summary in {} s at the earliest",
        refused,
        maxInFlight,
        failed,
        cause == null ? "none" : cause,
        Duration.ofNanos(logIntervalNanos).toSeconds());
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.toSeconds();
    return duration.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
  }

  private static final class Id extends AbstractExtensionId<Overload> {
    @Override
    public Overload createExtension(ExtendedActorSystem system) {
      return new Overload(system.settings().config().getConfig("starling.http.overload"));
    }
  }
}
