package dev.starling.http.routes;

import dev.starling.http.testing.JUnit5RouteTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /search}: parameter validation, which runs before the search is asked anything. The
 * routes are built without a search service, so a request that got past validation would fail with
 * a 500, not with the 400 each case expects.
 */
class SearchRoutesTest extends JUnit5RouteTest {
  private final Route routes = new SearchRoutes(null).routes(7L);

  private static String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} names {1}")
  @CsvSource({"type=tweets, q", "q=, q", "q=%20%20, q", "q=from%3A, q", "q=java&type=places, type"})
  void badParametersAre400NamingTheParameter(String query, String parameter) {
    assertProblem(served(routes).run(HttpRequest.GET("/search?" + query)), 400, parameter);
  }

  @ParameterizedTest(name = "{0} names {1}")
  @MethodSource("dev.starling.http.testing.JUnit5RouteTest#badPaging")
  void badPagingIs400NamingTheParameter(String query, String parameter) {
    assertProblem(served(routes).run(HttpRequest.GET("/search?q=java&" + query)), 400, parameter);
  }

  @org.junit.jupiter.api.Test
  void aQueryOverFiveHundredCharactersIs400() {
    assertProblem(served(routes).run(HttpRequest.GET("/search?" + q("x".repeat(501)))), 400, "q");
  }
}
