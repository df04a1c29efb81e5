package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.starling.ops.testing.RealServersExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class AccountsAndTokensTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(AccountsAndTokensTest.class);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void registrationReturnsTheUserAndItCanBeFoundByHandleInAnyCase() {
    var created =
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of(
                "handle",
                "Zoe_at",
                "password",
                "long enough",
                "display_name",
                "Zoe",
                "bio",
                "hi",
                "location",
                "fr"));
    assertEquals(201, created.status(), () -> created.raw().body());
    assertEquals("Zoe_at", created.json().get("handle").asText());
    assertEquals("FR", created.json().get("location").asText());
    assertEquals(0, created.json().get("followers_count").asLong());
    var token = api.token("zoe_AT", "long enough").json().get("access_token").asText();
    var found = api.get("/api/v1/users/by_handle/ZOE_AT", token);
    assertEquals(200, found.status());
    assertEquals(created.json().get("id"), found.json().get("id"));
  }

  @Test
  void handleTakenInAnotherCaseIsAConflict() {
    api.register("Dup_at");
    var again =
        api.postJson(
            "/api/v1/accounts", null, Map.of("handle", "dup_AT", "password", "long enough"));
    assertEquals(409, again.status());
    assertEquals("application/problem+json", again.contentType());
    assertEquals(409, again.json().get("status").asInt());
  }

  @Test
  void concurrentRegistrationsOfOneHandleHaveExactlyOneWinner() {
    List<CompletableFuture<ApiClient.Response>> attempts =
        IntStream.range(0, 6)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            api.postJson(
                                "/api/v1/accounts",
                                null,
                                Map.of(
                                    "handle",
                                    i % 2 == 0 ? "race_at" : "RACE_at",
                                    "password",
                                    "password " + i))))
            .toList();
    var statuses = attempts.stream().map(a -> a.join().status()).sorted().toList();
    assertEquals(List.of(201, 409, 409, 409, 409, 409), statuses);
  }

  @Test
  void wrongPasswordIsAnInvalidGrant() {
    api.register("pw_at");
    var denied = api.token("pw_at", "not the password");
    assertEquals(400, denied.status());
    assertEquals("invalid_grant", denied.json().get("error").asText());
    assertEquals("invalid_grant", api.token("nobody_at", "whatever1").json().get("error").asText());
  }

  @Test
  void refreshTokenRotatesAndTheOldOneStopsWorking() {
    var user = api.register("rot_at");
    var refreshed =
        api.postForm(
            "/oauth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", user.refreshToken()));
    assertEquals(200, refreshed.status(), () -> refreshed.raw().body());
    assertEquals("Bearer", refreshed.json().get("token_type").asText());
    String newAccess = refreshed.json().get("access_token").asText();
    assertNotEquals(user.token(), newAccess);
    assertEquals(200, api.get("/api/v1/users/me", newAccess).status());

    var reused =
        api.postForm(
            "/oauth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", user.refreshToken()));
    assertEquals(400, reused.status());
    assertEquals("invalid_grant", reused.json().get("error").asText());
  }

  @Test
  void revokedTokenIsRejected() {
    var user = api.register("rev_at");
    assertEquals(200, api.get("/api/v1/users/me", user.token()).status());
    assertEquals(200, api.postForm("/oauth/revoke", Map.of("token", user.token())).status());
    var rejected = api.get("/api/v1/users/me", user.token());
    assertEquals(401, rejected.status());
    assertEquals("Bearer realm=\"starling\"", rejected.header("WWW-Authenticate"));
  }

  @Test
  void tokenEndpointAcceptsJsonAndRejectsUnknownGrants() {
    api.register("json_at");
    var json =
        api.postJson(
            "/oauth/token",
            null,
            Map.of(
                "grant_type", "password", "username", "json_at", "password", "password-json_at"));
    assertEquals(200, json.status(), () -> json.raw().body());
    var unknown = api.postForm("/oauth/token", Map.of("grant_type", "client_credentials"));
    assertEquals("unsupported_grant_type", unknown.json().get("error").asText());
    var missing = api.postForm("/oauth/token", Map.of("username", "json_at"));
    assertEquals("invalid_request", missing.json().get("error").asText());
  }

  @Test
  void malformedFormIsAnInvalidRequestThatDoesNotEchoThePassword() {
    var response =
        api.send(
            "POST",
            "/oauth/token",
            null,
            "application/x-www-form-urlencoded",
            "grant_type=password&username=someone&password=secret with spaces",
            Map.of());
    assertEquals(400, response.status());
    assertEquals("invalid_request", response.json().get("error").asText());
    assertFalse(response.raw().body().contains("secret"), response.raw().body());
  }
}
