package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /health/ready}: 200 only when the node's own readiness check passes. */
public final class HealthRoutes extends ApiDirectives {
  private final Supplier<CompletionStage<Map<String, Boolean>>> readiness;

  public HealthRoutes(Supplier<CompletionStage<Map<String, Boolean>>> readiness) {
    this.readiness = readiness;
  }

  public Route routes() {
    return pathPrefix(
        "health",
        () ->
            path(
                "ready",
                () ->
                    get(
                        () ->
                            await(
                                readiness.get(),
                                checks -> {
                                  if (checks.values().stream().allMatch(Boolean::booleanValue)) {
                                    return json(
                                        StatusCodes.OK,
                                        Map.of("status", "ready", "checks", checks));
                                  }
                                  throw new ApiProblem(
                                      StatusCodes.SERVICE_UNAVAILABLE,
                                      "Not ready",
                                      "failing checks: " + checks);
                                }))));
  }
}
