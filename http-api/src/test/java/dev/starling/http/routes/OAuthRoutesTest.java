package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.http.ApiDirectives;
import dev.starling.http.Json;
import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /oauth/token} and {@code /oauth/revoke}: requests refused before an account or token
 * is looked at, answered the RFC 6749 way ({@code {"error": ...}}, 400, never stored). Built
 * without services, so a request past validation would be a 500.
 */
class OAuthRoutesTest extends JUnit5RouteTest {
  private final Route routes = new OAuthRoutes(null, null).routes();

  private static HttpRequest post(String path, ContentType.NonBinary type, String body) {
    return HttpRequest.POST(path).withEntity(type, body);
  }

  private static HttpRequest form(String path, String body) {
    return post(path, ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, body);
  }

  /** Asserts an RFC 6749 error answer and returns its body. */
  private static JsonNode assertOAuthError(TestRouteResult result, String error, String mentioned)
      throws Exception {
    result.assertStatusCode(400).assertMediaType("application/json");
    assertEquals("no-store", result.header(CacheControl.class).value());
    JsonNode body = Json.MAPPER.readTree(result.entityString());
    assertEquals(error, body.get("error").asText(), body::toString);
    assertTrue(
        body.get("error_description").asText().contains(mentioned),
        () -> body + " mentions " + mentioned);
    return body;
  }

  @ParameterizedTest(name = "token {0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "username=ann&password=pw                               | invalid_request        |"
            + " grant_type",
        "grant_type=client_credentials                          | unsupported_grant_type |"
            + " password, refresh_token",
        "grant_type=password&username=ann                       | invalid_request        |"
            + " password",
        "grant_type=password&password=pw                        | invalid_request        |"
            + " username",
        "grant_type=refresh_token                               | invalid_request        |"
            + " refresh_token",
        "grant_type=refresh_token&refresh_token_x=abc           | invalid_request        |"
            + " refresh_token",
      })
  void aTokenRequestMissingWhatItsGrantNeedsIsRefused(String body, String error, String mentioned)
      throws Exception {
    assertOAuthError(served(routes).run(form("/oauth/token", body)), error, mentioned);
  }

  @Test
  void theSameChecksApplyToAJsonBody() throws Exception {
    assertOAuthError(
        served(routes)
            .run(
                post(
                    "/oauth/token",
                    ContentTypes.APPLICATION_JSON,
                    "{\"grant_type\":\"password\",\"username\":\"ann\"}")),
        "invalid_request",
        "password");
  }

  @ParameterizedTest(name = "JSON body {0}")
  @CsvSource(
      delimiter = '|',
      value = {"{\"grant_type\":", "[\"password\"]", "{\"grant_type\":{\"a\":1}}", "not json"})
  void aJsonBodyThatIsNotAnObjectOfStringsIsInvalidRequest(String body) throws Exception {
    assertOAuthError(
        served(routes).run(post("/oauth/token", ContentTypes.APPLICATION_JSON, body)),
        "invalid_request",
        "JSON object of strings");
  }

  @Test
  void anotherContentTypeIsInvalidRequest() throws Exception {
    assertOAuthError(
        served(routes)
            .run(post("/oauth/token", ContentTypes.TEXT_PLAIN_UTF8, "grant_type=password")),
        "invalid_request",
        "application/x-www-form-urlencoded");
  }

  @Test
  void aBodyThatIsNotFormEncodingIsRefusedWithoutEchoingIt() throws Exception {
    var body =
        assertOAuthError(
            served(routes)
                .run(form("/oauth/token", "grant_type=password&username=ann&password=s3cr%zzet")),
            "invalid_request",
            "form encoding");
    assertFalse(body.toString().contains("s3cr"), body::toString);
  }

  @Test
  void aRevokeWithoutTokenIsInvalidRequest() throws Exception {
    assertOAuthError(
        served(routes).run(form("/oauth/revoke", "token_type_hint=refresh_token")),
        "invalid_request",
        "token");
  }

  /**
   * Over the 64 KiB limit the body is refused with a 413 before it reaches a service, as a form or
   * as JSON alike, and the problem never echoes the body (the password is in it).
   */
  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    String password = "x".repeat((int) ApiDirectives.JSON_BODY_LIMIT);
    var asForm =
        served(routes)
            .run(form("/oauth/token", "grant_type=password&username=ann&password=" + password));
    assertProblem(asForm, 413, "larger than the limit of 65536 bytes");
    assertFalse(asForm.entityString().contains("xxxx"), "the password is not echoed");
    assertProblem(
        served(routes)
            .run(
                post(
                    "/oauth/token",
                    ContentTypes.APPLICATION_JSON,
                    "{\"grant_type\":\"password\",\"username\":\"ann\",\"password\":\""
                        + password
                        + "\"}")),
        413,
        "larger than the limit");
  }

  @Test
  void anotherMethodIs405() {
    assertProblem(served(routes).run(HttpRequest.GET("/oauth/token")), 405, "");
  }
}
