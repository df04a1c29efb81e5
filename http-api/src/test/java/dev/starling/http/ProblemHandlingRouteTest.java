package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's shared HTTP behaviour — JSON bodies, paging parameters, problem+json for every failure
 * — exercised on small routes built from the same directives, over a real socket.
 */
class ProblemHandlingRouteTest {
  record Greeting(String name, List<String> tags) {}

  static final class TestRoutes extends ApiDirectives {
    Route routes() {
      return concat(
          path(
              "greet",
              () ->
                  post(
                      () ->
                          jsonBody(
                              Greeting.class,
                              g -> json(StatusCodes.CREATED, Map.of("hello", g.name()))))),
          path(
              "page",
              () ->
                  get(
                      () ->
                          page(
                              (before, limit) ->
                                  json(StatusCodes.OK, Map.of("before", before, "limit", limit))))),
          path(
              "teapot",
              () ->
                  get(
                      () -> {
                        throw ApiProblem.conflict("already brewing");
                      })),
          path(
              "boom",
              () ->
                  get(
                      () -> {
                        throw new IllegalStateException("secret internals");
                      })),
          pathPrefix(
              "items",
              () ->
                  path(
                      org.apache.pekko.http.javadsl.server.PathMatchers.segment(),
                      s -> withId(s, id -> get(() -> json(StatusCodes.OK, Map.of("id", id)))))));
    }
  }

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static ServerBinding binding;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void bind() {
    binding =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(new ProblemHandling().wrap(new TestRoutes().routes()))
            .toCompletableFuture()
            .join();
  }

  @AfterAll
  static void unbind() {
    binding.unbind().toCompletableFuture().join();
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode assertProblem(int status, HttpResponse<String> response)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode problem = Json.MAPPER.readTree(response.body());
    assertEquals(status, problem.get("status").asInt());
    assertTrue(problem.get("type").asText().startsWith("https://"));
    assertFalse(problem.get("title").asText().isEmpty());
    assertFalse(problem.get("detail").asText().isEmpty());
    return problem;
  }

  @Test
  void validJsonBodyReachesTheRoute() throws Exception {
    var response =
        send("POST", "/greet", "application/json", "{\"name\":\"ada\",\"tags\":[\"x\"]}");
    assertEquals(201, response.statusCode());
    assertEquals("{\"hello\":\"ada\"}", response.body());
  }

  @Test
  void unknownFieldIsABadRequestNamingIt() throws Exception {
    var problem =
        assertProblem(
            400, send("POST", "/greet", "application/json", "{\"name\":\"ada\",\"extra\":1}"));
    assertEquals("unknown field 'extra'", problem.get("detail").asText());
  }

  @Test
  void malformedJsonIsABadRequest() throws Exception {
    assertProblem(400, send("POST", "/greet", "application/json", "{\"name\":"));
  }

  @Test
  void wrongJsonTypeIsABadRequestNamingTheField() throws Exception {
    var problem = assertProblem(400, send("POST", "/greet", "application/json", "{\"name\":5}"));
    assertTrue(problem.get("detail").asText().contains("name"), problem.toString());
    assertProblem(
        400, send("POST", "/greet", "application/json", "{\"name\":\"a\",\"tags\":\"x\"}"));
    assertProblem(400, send("POST", "/greet", "application/json", "null"));
  }

  @Test
  void nonJsonContentTypeIsUnsupported() throws Exception {
    assertProblem(415, send("POST", "/greet", "text/plain", "{\"name\":\"ada\"}"));
  }

  @Test
  void bodyOverSixtyFourKibibytesIsTooLarge() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    assertProblem(413, send("POST", "/greet", "application/json", big));
  }

  @Test
  void pageDefaultsAndCursorRoundTrip() throws Exception {
    var defaults = Json.MAPPER.readTree(send("GET", "/page", null, null).body());
    assertEquals(20, defaults.get("limit").asInt());
    assertEquals(Long.MAX_VALUE, defaults.get("before").asLong());
    var paged =
        Json.MAPPER.readTree(
            send("GET", "/page?limit=100&cursor=" + Cursors.encode(1234), null, null).body());
    assertEquals(1234, paged.get("before").asLong());
    assertEquals(100, paged.get("limit").asInt());
  }

  @Test
  void badPageParametersAreABadRequest() throws Exception {
    for (String query :
        List.of(
            "limit=0",
            "limit=101",
            "limit=-1",
            "limit=abc",
            "cursor=%21%21",
            "cursor=" + java.util.Base64.getUrlEncoder().encodeToString("x:1".getBytes()))) {
      assertProblem(400, send("GET", "/page?" + query, null, null));
    }
  }

  @Test
  void thrownProblemKeepsItsStatusAndDetail() throws Exception {
    var problem = assertProblem(409, send("GET", "/teapot", null, null));
    assertEquals("already brewing", problem.get("detail").asText());
  }

  @Test
  void unexpectedFailureIsA500WithoutInternals() throws Exception {
    var problem = assertProblem(500, send("GET", "/boom", null, null));
    assertFalse(problem.toString().contains("secret"));
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodIsNotAllowed() throws Exception {
    assertProblem(404, send("GET", "/nowhere", null, null));
    assertProblem(404, send("GET", "/items/not-a-number", null, null));
    var wrongMethod = send("DELETE", "/greet", null, null);
    assertProblem(405, wrongMethod);
    assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
  }
}
