package dev.starling.http.routes;

import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Users and the social graph: what is refused before any query or service is asked (bad paging on
 * the follower lists, a bad suggestions limit, ids that are not ids, methods a path does not take).
 * Built without services, so a request past validation would be a 500.
 */
class UserRoutesTest extends JUnit5RouteTest {
  private final Route routes = new UserRoutes(null, null, null, null, null, null).routes(7L);

  @ParameterizedTest(name = "{0} names {1}")
  @MethodSource("dev.starling.http.testing.JUnit5RouteTest#badPaging")
  void badPagingOnFollowersAndFollowingIs400NamingTheParameter(String query, String parameter) {
    for (String list : new String[] {"followers", "following"}) {
      assertProblem(
          served(routes).run(HttpRequest.GET("/users/9/" + list + "?" + query)), 400, parameter);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "ten", "-1"})
  void aBadSuggestionsLimitIs400NamingLimit(String limit) {
    assertProblem(
        served(routes).run(HttpRequest.GET("/users/suggestions?limit=" + limit)), 400, "limit");
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
    "GET, /users/abc, 404",
    "GET, /users/1x/followers, 404",
    "POST, /users/abc/follow, 404",
    "DELETE, /users/99999999999999999999/block, 404",
    "POST, /users/-/mute, 404",
    "GET, /users/9/friends, 404",
    "POST, /users/me, 405",
    "DELETE, /users/9, 405",
    "GET, /users/9/follow, 405",
    "PUT, /users/9/mute, 405",
    "POST, /users/9/followers, 405",
    "POST, /users/suggestions, 405",
    "DELETE, /users/by_handle/ann, 405",
  })
  void aPathThatIsNotAUserIs404AndAMethodThePathDoesNotTakeIs405(
      String method, String path, int status) {
    assertProblem(served(routes).run(request(method, path)), status, "");
  }

  private static HttpRequest request(String method, String path) {
    return switch (method) {
      case "GET" -> HttpRequest.GET(path);
      case "POST" -> HttpRequest.POST(path);
      case "PUT" -> HttpRequest.PUT(path);
      case "DELETE" -> HttpRequest.DELETE(path);
      default -> throw new IllegalArgumentException(method);
    };
  }
}
