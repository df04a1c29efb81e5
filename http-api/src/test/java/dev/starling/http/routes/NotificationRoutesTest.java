package dev.starling.http.routes;

import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /notifications}: paging validation, which runs before notifications are read. Built
 * without the notification query, so a request past validation would be a 500.
 */
class NotificationRoutesTest extends JUnit5RouteTest {
  private final Route routes = new NotificationRoutes(null).routes(7L);

  @ParameterizedTest(name = "{0} names {1}")
  @MethodSource("dev.starling.http.testing.JUnit5RouteTest#badPaging")
  void badPagingIs400NamingTheParameter(String query, String parameter) {
    assertProblem(served(routes).run(HttpRequest.GET("/notifications?" + query)), 400, parameter);
  }

  @Test
  void anotherMethodIs405() {
    assertProblem(served(routes).run(HttpRequest.DELETE("/notifications")), 405, "");
  }
}
