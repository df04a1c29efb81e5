package dev.starling.http;

import dev.starling.common.Stages;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Caps the requests a node works on at once ({@code starling.http.overload.max-in-flight}). A
 * request over the cap is answered 503 with {@code Retry-After} before any work is done for it: a
 * request admitted beyond what Cassandra can serve would only wait in queues until it timed out,
 * slowing every request admitted before it.
 */
public final class LoadShedding extends AllDirectives {
  /** Turns a failure thrown while building the response into a failed result, so it is counted. */
  private final ExceptionHandler asFailedResult =
      ExceptionHandler.newBuilder().matchAny(this::failWith).build();

  /**
   * {@code inner} while under the cap; an immediate 503 problem above it. An admitted request
   * counts until its route completes or pekko-http's request timeout answers it, whichever comes
   * first, so a route that never completes cannot hold its place forever.
   */
  public Route limitInFlight(Supplier<Route> inner) {
    return extractActorSystem(
        system -> {
          var overload = Overload.get(system);
          if (!overload.tryEnter()) {
            return complete(overload.shedResponse());
          }
          var left = new AtomicBoolean();
          Runnable leave =
              () -> {
                if (left.compareAndSet(false, true)) {
                  overload.leave();
                }
              };
          return withRequestTimeoutResponse(
              request -> {
                leave.run();
                return ProblemHandling.requestTimedOut(system, request);
              },
              () ->
                  mapRouteResultFuture(
                      result -> Stages.plain(result).whenComplete((done, failure) -> leave.run()),
                      () -> handleExceptions(asFailedResult, inner)));
        });
  }
}
