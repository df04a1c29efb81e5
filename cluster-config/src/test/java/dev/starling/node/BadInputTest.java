package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.ops.testing.RealServersExtension;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request gets a clear problem+json answer whose {@code detail} names what was wrong, and
 * changes nothing: the caller's and the other account's counts and both timelines read the same
 * before and after, and a refused sign-up leaves its handle free.
 */
@ExtendWith(RealServersExtension.class)
class BadInputTest {
  private static final String JSON = "application/json";

  private static NodeFixture node;
  private static ApiClient api;
  private static ApiClient.Account user;
  private static ApiClient.Account other;
  private static String otherTweetId;

  @BeforeAll
  static void start() {
    node = new NodeFixture(BadInputTest.class);
    api = node.client();
    user = api.register("bad_in");
    other = api.register("bad_other");
    var posted = api.tweet(other, "something to reply to");
    assertEquals(201, posted.status(), () -> posted.raw().body());
    otherTweetId = posted.json().get("id").asText();
    var followed = api.follow(user, other);
    assertEquals(200, followed.status(), () -> followed.raw().body());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** What a rejected request must leave as it was. */
  private record State(JsonNode me, JsonNode them, List<String> home, List<String> own) {
    static State read() {
      return new State(
          counts(api.get("/api/v1/users/me", user.token())),
          counts(api.get("/api/v1/users/" + other.id(), user.token())),
          ids(api.get("/api/v1/home_timeline?limit=100", user.token())),
          ids(api.get("/api/v1/users/" + user.id() + "/tweets?limit=100", user.token())));
    }

    private static JsonNode counts(ApiClient.Response user) {
      assertEquals(200, user.status(), () -> user.raw().body());
      var counts = user.json().deepCopy();
      return ((ObjectNode) counts).retain("tweet_count", "followers_count", "following_count");
    }

    private static List<String> ids(ApiClient.Response page) {
      assertEquals(200, page.status(), () -> page.raw().body());
      var ids = new ArrayList<String>();
      page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
      return ids;
    }
  }

  private static Arguments refused(
      String name, int status, String detail, Supplier<ApiClient.Response> request) {
    return Arguments.of(name, status, detail, request);
  }

  private static ApiClient.Response raw(String method, String path, String type, String body) {
    return api.send(method, path, user.token(), type, body, Map.of());
  }

  private static ApiClient.Response post(Object body) {
    return api.postJson("/api/v1/tweets", user.token(), body);
  }

  private static ApiClient.Response signUp(String handle, Map<String, String> fields) {
    var body = new HashMap<String, String>(fields);
    body.put("handle", handle);
    body.putIfAbsent("password", "long enough");
    return api.postJson("/api/v1/accounts", null, body);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        // 400: the body is not the JSON the route reads
        refused(
            "malformed JSON",
            400,
            "json",
            () -> raw("POST", "/api/v1/tweets", JSON, "{\"text\": ")),
        refused("a number for text", 400, "text", () -> post(Map.of("text", 42))),
        refused(
            "an array for the body", 400, "", () -> raw("POST", "/api/v1/tweets", JSON, "[1,2]")),
        refused(
            "a misspelt field",
            400,
            "visiblity",
            () -> post(Map.of("text", "hi", "visiblity", "followers"))),
        refused(
            "a duplicate field",
            400,
            "text",
            () -> raw("POST", "/api/v1/tweets", JSON, "{\"text\":\"a\",\"text\":\"b\"}")),
        refused(
            "a lone surrogate",
            400,
            "text",
            () -> raw("POST", "/api/v1/tweets", JSON, "{\"text\":\"a\\ud800b\"}")),
        refused(
            "a field naming another author",
            403,
            "user_id",
            () -> post(Map.of("text", "hi", "user_id", other.id()))),
        // 413, 415: the body as a whole
        refused("a body over 64 KiB", 413, "", () -> post(Map.of("text", "x".repeat(70_000)))),
        refused(
            "a text/plain body",
            415,
            "",
            () -> raw("POST", "/api/v1/tweets", "text/plain", "hello")),
        // 422: well-formed but invalid
        refused("empty text", 422, "text", () -> post(Map.of("text", ""))),
        refused("281 characters", 422, "text", () -> post(Map.of("text", "x".repeat(281)))),
        refused(
            "an unknown visibility",
            422,
            "visibility",
            () -> post(Map.of("text", "hi", "visibility", "secret"))),
        refused("an unknown place", 422, "place", () -> post(Map.of("text", "hi", "place", "XX"))),
        refused(
            "five media",
            422,
            "media",
            () -> post(Map.of("text", "hi", "media_ids", List.of("1", "2", "3", "4", "5")))),
        refused(
            "following yourself",
            422,
            "yourself",
            () -> raw("POST", "/api/v1/users/" + user.id() + "/follow", null, null)),
        // 404: what it refers to does not exist
        refused(
            "a reply to an unknown tweet",
            404,
            "",
            () -> post(Map.of("text", "hi", "reply_to_id", "123"))),
        refused(
            "following nobody",
            404,
            "",
            () -> raw("POST", "/api/v1/users/424242/follow", null, null)),
        refused(
            "liking an unknown tweet",
            404,
            "",
            () -> raw("POST", "/api/v1/tweets/77/like", null, null)),
        refused(
            "deleting someone else's tweet",
            403,
            "",
            () -> api.delete("/api/v1/tweets/" + otherTweetId, user.token())),
        // 400: headers and query parameters
        refused(
            "a 65-character Idempotency-Key",
            400,
            "Idempotency-Key",
            () ->
                api.postJson(
                    "/api/v1/tweets",
                    user.token(),
                    Map.of("text", "never"),
                    Map.of("Idempotency-Key", "k".repeat(65)))),
        refused(
            "an Idempotency-Key with a space",
            400,
            "Idempotency-Key",
            () ->
                api.postJson(
                    "/api/v1/tweets",
                    user.token(),
                    Map.of("text", "never"),
                    Map.of("Idempotency-Key", "with space"))),
        refused(
            "limit=0", 400, "limit", () -> api.get("/api/v1/home_timeline?limit=0", user.token())),
        refused(
            "limit=101",
            400,
            "limit",
            () -> api.get("/api/v1/home_timeline?limit=101", user.token())),
        refused(
            "limit=ten",
            400,
            "limit",
            () -> api.get("/api/v1/home_timeline?limit=ten", user.token())),
        refused(
            "a garbage cursor",
            400,
            "cursor",
            () -> api.get("/api/v1/home_timeline?cursor=garbage", user.token())),
        refused(
            "reading someone else's home timeline",
            403,
            "",
            () -> api.get("/api/v1/home_timeline?user_id=" + other.id(), user.token())),
        // 401, 404, 405
        refused(
            "no token",
            401,
            "",
            () -> api.send("POST", "/api/v1/tweets", null, JSON, "{\"text\":\"x\"}", Map.of())),
        refused(
            "a made-up token",
            401,
            "",
            () ->
                api.send(
                    "POST", "/api/v1/tweets", "not-a-token", JSON, "{\"text\":\"x\"}", Map.of())),
        refused("an unknown route", 404, "", () -> api.get("/api/v1/nope", user.token())),
        refused("an unknown path outside the API", 404, "", () -> api.get("/nope", null)),
        refused("an unknown user", 404, "", () -> api.get("/api/v1/users/999999", user.token())),
        refused(
            "a user id that is not a number",
            404,
            "",
            () -> api.get("/api/v1/users/abc", user.token())),
        refused("an unknown tweet", 404, "", () -> api.get("/api/v1/tweets/999999", user.token())),
        refused(
            "an unknown handle",
            404,
            "",
            () -> api.get("/api/v1/users/by_handle/nobody_here", user.token())),
        refused(
            "PUT on the caller's profile",
            405,
            "",
            () -> raw("PUT", "/api/v1/users/me", null, null)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("badRequests")
  void aBadRequestIsAProblemNamingTheCauseAndChangesNothing(
      String name, int status, String detail, Supplier<ApiClient.Response> request) {
    var before = State.read();
    var response = request.get();
    assertProblem(status, detail, response);
    assertEquals(before, State.read(), name + " changed something");
  }

  static Stream<Arguments> badSignUps() {
    return Stream.of(
        Arguments.of("has space", Map.of(), "handle"),
        Arguments.of("sixteen_chars_xx", Map.of(), "handle"),
        Arguments.of("shortpw", Map.of("password", "short"), "password"),
        Arguments.of("badloc", Map.of("location", "XX"), "location"),
        Arguments.of("spoof", Map.of("display_name", "admin\u202Egnp"), "display_name"),
        Arguments.of("bidi_bio", Map.of("bio", "evil\u202Eeulb"), "bio"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badSignUps")
  void aRefusedSignUpIsUnprocessableAndLeavesTheHandleFree(
      String handle, Map<String, String> fields, String detail) {
    assertProblem(422, detail, signUp(handle, fields));
    if (handle.matches("[a-z_]{1,15}")) {
      assertEquals(404, api.get("/api/v1/users/by_handle/" + handle, user.token()).status());
      // the handle was never claimed: a valid sign-up takes it
      assertEquals(201, signUp(handle, Map.of()).status());
    }
  }

  private static void assertProblem(int status, String detail, ApiClient.Response response) {
    assertEquals(status, response.status(), () -> response.raw().body());
    assertEquals("application/problem+json", response.contentType());
    for (String field : List.of("type", "title", "status", "detail")) {
      assertNotNull(response.json().get(field), field + " in " + response.raw().body());
    }
    assertEquals(status, response.json().get("status").asInt());
    String said = response.json().get("detail").asText();
    assertTrue(
        said.toLowerCase(Locale.ROOT).contains(detail.toLowerCase(Locale.ROOT)),
        () -> "detail should name " + detail + ": " + said);
  }

  @Test
  void aControlCharacterInAnyTextIsABadRequestNamingTheFieldAndNothingElse() {
    var refused = signUp("null_bio", Map.of("bio", "a\u0000b"));
    assertProblem(400, "invalid value at 'bio': a control character (U+0000) at index 1", refused);
    assertEquals(404, api.get("/api/v1/users/by_handle/null_bio", user.token()).status());
  }

  @Test
  void aMissingTokenIsAskedForWithABearerChallenge() {
    var missing = api.get("/api/v1/home_timeline", null);
    assertProblem(401, "", missing);
    assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer"));
  }

  @Test
  void aWrongMethodNamesTheAllowedOnes() {
    var response = api.get("/api/v1/accounts", null);
    assertProblem(405, "", response);
    assertEquals("POST", response.header("Allow"));
  }

  @Test
  void aRightToLeftDisplayNameIsWelcome() {
    var rightToLeft = signUp("rtl_name", Map.of("display_name", "مرحبا"));
    assertEquals(201, rightToLeft.status(), () -> rightToLeft.raw().body());
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
  void aBodyArrivingAfterItsHeadersOnARouteThatTakesNoneKeepsTheConnectionForTheNextRequest()
      throws Exception {
    var follower = api.register("slow_body");
    var url = URI.create(node.baseUrl());
    try (var socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      var in = new BufferedInputStream(socket.getInputStream());
      String auth = "Authorization: Bearer " + follower.token() + "\r\n";
      String follow = "/api/v1/users/" + other.id() + "/follow";

      var followed = sendWithLateBody(out, in, "POST", follow, auth);
      assertTrue(followed.startsWith("HTTP/1.1 200"), followed);
      assertTrue(followed.contains("\"following\":true"), followed);
      var unfollowed = sendWithLateBody(out, in, "DELETE", follow, auth);
      assertTrue(unfollowed.startsWith("HTTP/1.1 200"), unfollowed);
      assertTrue(unfollowed.contains("\"following\":false"), unfollowed);

      out.write(
          ("GET /api/v1/users/me HTTP/1.1\r\nHost: starling\r\n" + auth + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var me = readResponse(in);
      assertTrue(me.startsWith("HTTP/1.1 200"), me);
    }
  }

  /** Sends the request's headers, then its two-byte body 500 ms later; answers the response. */
  private static String sendWithLateBody(
      OutputStream out, InputStream in, String method, String path, String auth)
      throws IOException, InterruptedException {
    out.write(
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: starling\r\n"
                + auth
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // the action is done well within this; without waiting for the body the answer would go out
    // now and the server would close the connection after it
    Thread.sleep(500);
    out.write("{}".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readResponse(in);
  }

  /** One HTTP/1.1 response with a Content-Length from {@code in}, or what came before the end. */
  private static String readResponse(InputStream in) throws IOException {
    var head = new StringBuilder();
    int c;
    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) != -1) {
      head.append((char) c);
    }
    int length = 0;
    for (var line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    var body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
