package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.HealthReport;
import dev.starling.http.Json;
import dev.starling.http.Overload;
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
 * when the node's own required checks pass (the supplier caches them, so probes cannot load the
 * node); optional checks (Kafka) are reported in the body and never fail it.
 */
public final class HealthRoutes extends ApiDirectives {
  private static final HttpResponse ALIVE =
      HttpResponse.create()
          .withEntity(
              HttpEntities.create(
                  ContentTypes.APPLICATION_JSON, Json.write(Map.of("status", "alive"))));

  private final Supplier<CompletionStage<HealthReport>> readiness;

  public HealthRoutes(Supplier<CompletionStage<HealthReport>> readiness) {
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
                                            report -> {
                                              if (report.ready()) {
                                                return json(
                                                    StatusCodes.OK,
                                                    Map.of(
                                                        "status",
                                                        "ready",
                                                        "checks",
                                                        report.required(),
                                                        "optional_checks",
                                                        report.optional()));
                                              }
                                              throw Overload.get(system)
                                                  .serviceUnavailable(
                                                      "Not ready",
                                                      "failing checks: "
                                                          + report.required()
                                                          + ", optional: "
                                                          + report.optional());
                                            }))))));
  }
}
