package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every bad request gets a clear problem+json answer and changes nothing. */
@ExtendWith(RealServersExtension.class)
class BadInputTest {
  private static NodeFixture node;
  private static ApiClient api;
  private static ApiClient.Account user;

  @BeforeAll
  static void start() {
    node = new NodeFixture(BadInputTest.class);
    api = node.client();
    user = api.register("bad_in");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void assertProblem(int status, ApiClient.Response response) {
    assertEquals(status, response.status(), () -> response.raw().body());
    assertEquals("application/problem+json", response.contentType());
    for (String field : List.of("type", "title", "status", "detail")) {
      assertNotNull(response.json().get(field), field + " in " + response.raw().body());
    }
    assertEquals(status, response.json().get("status").asInt());
  }

  private static long tweetCount() {
    return api.get("/api/v1/users/me", user.token()).json().get("tweet_count").asLong();
  }

  @Test
  void malformedJsonIsABadRequest() {
    assertProblem(
        400,
        api.send(
            "POST", "/api/v1/tweets", user.token(), "application/json", "{\"text\": ", Map.of()));
  }

  @Test
  void wrongJsonTypesAreABadRequest() {
    assertProblem(400, api.postJson("/api/v1/tweets", user.token(), Map.of("text", 42)));
    assertProblem(
        400,
        api.send("POST", "/api/v1/tweets", user.token(), "application/json", "[1,2]", Map.of()));
  }

  @Test
  void invalidTweetsAreUnprocessableAndPostNothing() {
    long before = tweetCount();
    assertProblem(422, api.postJson("/api/v1/tweets", user.token(), Map.of("text", "")));
    assertProblem(
        422, api.postJson("/api/v1/tweets", user.token(), Map.of("text", "x".repeat(281))));
    assertProblem(
        422,
        api.postJson("/api/v1/tweets", user.token(), Map.of("text", "hi", "visibility", "secret")));
    assertProblem(
        422, api.postJson("/api/v1/tweets", user.token(), Map.of("text", "hi", "place", "XX")));
    assertProblem(
        422,
        api.postJson(
            "/api/v1/tweets",
            user.token(),
            Map.of("text", "hi", "media_ids", List.of("1", "2", "3", "4", "5"))));
    assertProblem(
        404,
        api.postJson("/api/v1/tweets", user.token(), Map.of("text", "hi", "reply_to_id", "123")));
    assertProblem(
        403, api.postJson("/api/v1/tweets", user.token(), Map.of("text", "hi", "user_id", "1")));
    assertEquals(before, tweetCount());
  }

  @Test
  void oversizedBodyIsTooLarge() {
    assertProblem(
        413, api.postJson("/api/v1/tweets", user.token(), Map.of("text", "x".repeat(70_000))));
  }

  @Test
  void nonJsonBodyIsUnsupported() {
    assertProblem(
        415, api.send("POST", "/api/v1/tweets", user.token(), "text/plain", "hello", Map.of()));
  }

  @Test
  void missingOrInvalidTokenIsUnauthorized() {
    var missing = api.get("/api/v1/home_timeline", null);
    assertProblem(401, missing);
    assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer"));
    assertProblem(401, api.get("/api/v1/home_timeline", "not-a-token"));
  }

  @Test
  void unknownRoutesAndUnknownIdsAreNotFound() {
    assertProblem(404, api.get("/nope", null));
    assertProblem(404, api.get("/api/v1/nope", user.token()));
    assertProblem(404, api.get("/api/v1/users/999999", user.token()));
    assertProblem(404, api.get("/api/v1/users/abc", user.token()));
    assertProblem(404, api.get("/api/v1/tweets/999999", user.token()));
    assertProblem(404, api.get("/api/v1/users/by_handle/nobody_here", user.token()));
  }

  @Test
  void wrongMethodIsNotAllowed() {
    var response = api.get("/api/v1/accounts", null);
    assertProblem(405, response);
    assertEquals("POST", response.header("Allow"));
    assertProblem(405, api.send("PUT", "/api/v1/users/me", user.token(), null, null, Map.of()));
  }

  @Test
  void badPagingParametersAreABadRequest() {
    assertProblem(400, api.get("/api/v1/home_timeline?limit=0", user.token()));
    assertProblem(400, api.get("/api/v1/home_timeline?limit=101", user.token()));
    assertProblem(400, api.get("/api/v1/home_timeline?limit=ten", user.token()));
    assertProblem(400, api.get("/api/v1/home_timeline?cursor=garbage", user.token()));
    assertProblem(403, api.get("/api/v1/home_timeline?user_id=1", user.token()));
  }

  @Test
  void badAccountsAreUnprocessable() {
    assertProblem(
        422,
        api.postJson(
            "/api/v1/accounts", null, Map.of("handle", "has space", "password", "long enough")));
    assertProblem(
        422,
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of("handle", "sixteen_chars_xx", "password", "long enough")));
    assertProblem(
        422,
        api.postJson("/api/v1/accounts", null, Map.of("handle", "shortpw", "password", "short")));
    assertProblem(
        422,
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of("handle", "badloc", "password", "long enough", "location", "XX")));
    var spoofing =
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of("handle", "spoof", "password", "long enough", "display_name", "admin\u202Egnp"));
    assertProblem(422, spoofing);
    assertTrue(spoofing.json().get("detail").asText().contains("display_name"));
    for (String refused : List.of("shortpw", "badloc", "spoof")) {
      assertEquals(404, api.get("/api/v1/users/by_handle/" + refused, user.token()).status());
    }
    var rightToLeft =
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of("handle", "rtl_name", "password", "long enough", "display_name", "مرحبا"));
    assertEquals(201, rightToLeft.status(), () -> rightToLeft.raw().body());
  }

  @Test
  void followingYourselfOrNobodyIsRefused() {
    assertProblem(
        422,
        api.send(
            "POST", "/api/v1/users/" + user.id() + "/follow", user.token(), null, null, Map.of()));
    assertProblem(
        404, api.send("POST", "/api/v1/users/424242/follow", user.token(), null, null, Map.of()));
    assertEquals(
        0, api.get("/api/v1/users/me", user.token()).json().get("following_count").asLong());
  }

  @Test
  void tooLongIdempotencyKeyIsABadRequest() {
    assertProblem(
        400,
        api.postJson(
            "/api/v1/tweets",
            user.token(),
            Map.of("text", "hi"),
            Map.of("Idempotency-Key", "k".repeat(65))));
  }

  @Test
  void anIdempotencyKeyWithReservedCharactersWorksLikeAnyOther() {
    var headers = Map.of("Idempotency-Key", "order|42:a/b#c?d%e~f");
    var first = api.postJson("/api/v1/tweets", user.token(), Map.of("text", "once"), headers);
    assertEquals(201, first.status(), () -> first.raw().body());
    var again = api.postJson("/api/v1/tweets", user.token(), Map.of("text", "once"), headers);
    assertEquals(first.json().get("id"), again.json().get("id"));
    var sixtyFour =
        api.postJson(
            "/api/v1/tweets",
            user.token(),
            Map.of("text", "sixty-four"),
            Map.of("Idempotency-Key", "k".repeat(64)));
    assertEquals(201, sixtyFour.status(), () -> sixtyFour.raw().body());
  }

  @Test
  void anIdempotencyKeyOutsideVisibleAsciiIsABadRequestAndPostsNothing() {
    long before = api.get("/api/v1/users/me", user.token()).json().get("tweet_count").asLong();
    var refused =
        api.postJson(
            "/api/v1/tweets",
            user.token(),
            Map.of("text", "never"),
            Map.of("Idempotency-Key", "with space"));
    assertProblem(400, refused);
    assertTrue(refused.json().get("detail").asText().contains("Idempotency-Key"));
    assertEquals(
        before, api.get("/api/v1/users/me", user.token()).json().get("tweet_count").asLong());
  }
}
