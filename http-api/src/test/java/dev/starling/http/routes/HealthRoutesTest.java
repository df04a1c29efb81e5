package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.http.HealthReport;
import dev.starling.http.Json;
import dev.starling.http.testing.JUnit5RouteTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.Test;

/** Liveness and readiness: the status each health report maps to, and what the body says. */
class HealthRoutesTest extends JUnit5RouteTest {
  private static HealthRoutes reporting(HealthReport report) {
    return new HealthRoutes(() -> CompletableFuture.completedFuture(report));
  }

  @Test
  void aliveIs200WhateverTheChecksSay() {
    var failing = reporting(new HealthReport(Map.of("cassandra", false), Map.of()));
    served(failing.routes())
        .run(HttpRequest.GET("/health/alive"))
        .assertStatusCode(200)
        .assertEntity(new String(Json.write(Map.of("status", "alive")), StandardCharsets.UTF_8));
  }

  @Test
  void readyIs200WhenEveryRequiredCheckPassesWhateverTheOptionalOnesSay() throws Exception {
    var ready = reporting(new HealthReport(Map.of("cassandra", true), Map.of("kafka", false)));
    var result = served(ready.routes()).run(HttpRequest.GET("/health/ready")).assertStatusCode(200);
    var body = Json.MAPPER.readTree(result.entityString());
    assertEquals("ready", body.get("status").asText());
    assertEquals(false, body.get("optional_checks").get("kafka").asBoolean());
  }

  @Test
  void readyIs503NamingTheFailingCheckWhenARequiredOneFails() {
    var notReady =
        reporting(new HealthReport(Map.of("cassandra", false, "journal", true), Map.of()));
    assertProblem(
        served(notReady.routes()).run(HttpRequest.GET("/health/ready")), 503, "cassandra");
  }

  @Test
  void anotherMethodOrPathIsAProblemNotAnHtmlPage() {
    var ready = reporting(new HealthReport(Map.of("cassandra", true), Map.of()));
    assertProblem(served(ready.routes()).run(HttpRequest.POST("/health/ready")), 405, "");
    assertProblem(served(ready.routes()).run(HttpRequest.GET("/health/dead")), 404, "");
  }
}
