package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /accounts}: a body that is not a sign-up is refused before the account service is
 * asked anything. Built without the service, so a request past validation would be a 500.
 */
class AccountRoutesTest extends JUnit5RouteTest {
  private final Route routes = new AccountRoutes(null).routes();

  @ParameterizedTest(name = "{0} → 400 naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"handle\":\"ann\",\"password\":\"pw-long-enough\",\"admin\":true} | admin",
        "{\"handle\":\"ann\",\"handle\":\"bob\",\"password\":\"pw-long-enough\"} | handle",
        "{\"handle\":7,\"password\":\"pw-long-enough\"} | handle",
        "{\"handle\":\"ann\",\"password\":[\"pw\"]} | password",
        "{\"handle\":\"ann\",\"password\":\"pw\",\"bio\":\"\\u0007\"} | bio",
        "[] | ''",
        "null | JSON object",
        "{\"handle\": | malformed JSON",
      })
  void aBodyThatIsNotASignUpIs400NamingWhatIsWrong(String body, String mentioned) {
    assertProblem(served(routes).run(postJson("/accounts", body)), 400, mentioned);
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    assertProblem(
        served(routes)
            .run(
                HttpRequest.POST("/accounts")
                    .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "{\"handle\":\"ann\"}")),
        415,
        "application/json");
  }

  @Test
  void aBodyOverTheJsonLimitIs413() {
    String bio = "x".repeat((int) ApiDirectives.JSON_BODY_LIMIT);
    assertProblem(
        served(routes)
            .run(
                postJson(
                    "/accounts",
                    "{\"handle\":\"ann\",\"password\":\"pw-long-enough\",\"bio\":\""
                        + bio
                        + "\"}")),
        413,
        "");
  }

  @Test
  void anotherMethodIs405() {
    assertProblem(served(routes).run(HttpRequest.GET("/accounts")), 405, "");
  }
}
