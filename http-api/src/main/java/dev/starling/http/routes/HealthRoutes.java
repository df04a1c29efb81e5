package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.Overload;
import dev.starling.http.Json;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /health/alive}: 200 while the process can answer at all — constant, no I/O, so a
 * liveness probe never restarts a node that is merely busy. {@code GET /health/ready}: 200 only
 * when the node's own readiness check passes (the supplier caches it, so probes cannot load the
 * node).
 */
public final class HealthRoutes extends ApiDirectives {
  private static final HttpResponse ALIVE =
      HttpResponse.create()
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(Map.of("status", "alive"))));

  private final Supplier<CompletionStage<Map<String, Boolean>>> readiness;

  public HealthRoutes(Supplier<CompletionStage<Map<String, Boolean>>> readiness) {
    this.readiness = readiness;
  }

  public Route routes() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path("alive", () -> get(() -> complete(ALIVE))),
                path(
                    "ready",
                    () ->
                        get(
                            () ->
                                extractActorSystem(
                                    system ->
                                        await(
                                            readiness.get(),
                                            checks -> {
                                              if (checks.values().stream()
                                                  .allMatch(Boolean::booleanValue)) {
                                                return json(
                                                    StatusCodes.OK,
                                                    Map.of("status", "ready", "checks", checks));
                                              }
                                              throw Overload.get(system)
                                                  .serviceUnavailable(
                                                      "Not ready", "failing checks: " + checks);
                                            }))))));
  }
}
