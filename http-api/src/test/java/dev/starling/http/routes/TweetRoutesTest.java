package dev.starling.http.routes;

import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /tweets}: what is refused before the tweet service is asked anything (a body that is
 * not a tweet, ids that are not ids, another user's id, an unknown visibility, a bad
 * Idempotency-Key). Built without services, so a request past validation would be a 500.
 */
class TweetRoutesTest extends JUnit5RouteTest {
  private final Route routes = new TweetRoutes(null, null, null).routes(7L);

  private static HttpRequest post(String json) {
    return postJson("/tweets", json);
  }

  @ParameterizedTest(name = "{0} → {1} naming {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"text\":\"hi\",\"user_id\":\"8\"}                | 403 | user_id",
        "{\"text\":\"hi\",\"visibility\":\"secret\"}        | 422 | visibility",
        "{\"text\":\"hi\",\"reply_to_id\":\"abc\"}          | 400 | reply_to_id",
        "{\"text\":\"hi\",\"quote_of_id\":\"1x\"}           | 400 | quote_of_id",
      })
  void aDraftTheApplicationCannotTakeIsRefusedNamingTheField(
      String body, int status, String field) {
    assertProblem(served(routes).run(post(body)), status, field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " spaced", "tab\tbed", "ünïcode"})
  void anIdempotencyKeyThatIsNotVisibleAsciiIs400(String key) {
    assertProblem(
        served(routes)
            .run(post("{\"text\":\"hi\"}").addHeader(RawHeader.create("Idempotency-Key", key))),
        400,
        "Idempotency-Key");
  }

  @Test
  void anIdempotencyKeyOver64CharactersIs400() {
    assertProblem(
        served(routes)
            .run(
                post("{\"text\":\"hi\"}")
                    .addHeader(RawHeader.create("Idempotency-Key", "k".repeat(65)))),
        400,
        "Idempotency-Key");
  }

  @Test
  void aBodyThatIsNotJsonIsRefused() {
    assertProblem(served(routes).run(post("{not json")), 400, "");
    assertProblem(
        served(routes)
            .run(HttpRequest.POST("/tweets").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "hi")),
        415,
        "");
  }
}
