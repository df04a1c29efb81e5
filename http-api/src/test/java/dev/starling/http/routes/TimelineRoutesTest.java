package dev.starling.http.routes;

import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Home and user timelines: the validation that runs before any timeline is read. The routes are
 * built without their queries, so a request that got past validation would be a 500, not the 4xx
 * each case expects.
 */
class TimelineRoutesTest extends JUnit5RouteTest {
  private static final long CALLER = 7L;
  private final TimelineRoutes timelines = new TimelineRoutes(null, null, null);
  private final Route home = timelines.routes(CALLER);
  private final Route userTimeline =
      path("tweets", () -> get(() -> timelines.userTimeline(CALLER, 9L)));

  @ParameterizedTest(name = "{0} names {1}")
  @MethodSource("dev.starling.http.testing.JUnit5RouteTest#badPaging")
  void badPagingIs400NamingTheParameterOnBothTimelines(String query, String parameter) {
    assertProblem(served(home).run(HttpRequest.GET("/home_timeline?" + query)), 400, parameter);
    assertProblem(served(userTimeline).run(HttpRequest.GET("/tweets?" + query)), 400, parameter);
  }

  @Test
  void aHomeTimelineForAnotherUserIs403NamingUserId() {
    assertProblem(served(home).run(HttpRequest.GET("/home_timeline?user_id=8")), 403, "user_id");
  }

  @Test
  void anotherMethodIs405() {
    assertProblem(served(home).run(HttpRequest.POST("/home_timeline")), 405, "");
  }
}
