package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.http.Json;
import dev.starling.http.testing.JUnit5RouteTest;
import dev.starling.read.trends.TrendSettings;
import dev.starling.read.trends.TrendWindows;
import dev.starling.read.trends.TrendsQuery;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /trends} over the real in-memory trend windows: locations, limits, status mapping. */
class TrendsRoutesTest extends JUnit5RouteTest {
  private final Route routes =
      new TrendsRoutes(
              new TrendsQuery(
                  new TrendWindows(
                      new TrendSettings(Duration.ofMinutes(5), 5, 1, 3, 1), Clock.systemUTC())))
          .routes();

  @ParameterizedTest
  @CsvSource({"'', global", "?location=global, global", "?location=US, US", "?limit=100, global"})
  void aKnownLocationAnswersItsRanking(String query, String location) throws Exception {
    var result = served(routes).run(HttpRequest.GET("/trends" + query)).assertStatusCode(200);
    var body = Json.MAPPER.readTree(result.entityString());
    assertEquals(location, body.get("location").asText(), body::toString);
    assertEquals(0, body.get("trends").size(), body::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars", "USA", "1", ""})
  void anUnknownLocationIs400NamingIt(String location) {
    assertProblem(
        served(routes).run(HttpRequest.GET("/trends?location=" + location)), 400, "location");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "many"})
  void aLimitOutOfRangeIs400NamingIt(String limit) {
    assertProblem(served(routes).run(HttpRequest.GET("/trends?limit=" + limit)), 400, "limit");
  }

  @org.junit.jupiter.api.Test
  void anotherMethodIs405() {
    assertProblem(served(routes).run(HttpRequest.POST("/trends")), 405, "");
  }
}
