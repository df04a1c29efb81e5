package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.starling.common.Outcome;
import dev.starling.http.auth.TokenService;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.store.Cql;
import dev.starling.user.Handle;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
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
  void wrongPasswordAndUnknownHandleAreTheSameInvalidGrant() {
    api.register("pw_at");
    var wrongPassword = api.token("pw_at", "not the password");
    var unknownHandle = api.token("nobody_at", "whatever1");
    for (var denied : List.of(wrongPassword, unknownHandle)) {
      assertEquals(400, denied.status(), () -> denied.raw().body());
      assertEquals("invalid_grant", denied.json().get("error").asText());
    }
    // the message must not tell which handles exist
    assertEquals(
        wrongPassword.json().get("error_description"),
        unknownHandle.json().get("error_description"));
  }

  @Test
  void refreshRotatesAndTheNewRefreshTokenWorksInTurn() {
    var user = api.register("rot_at");
    var first = refresh(user.refreshToken());
    assertEquals(200, first.status(), () -> first.raw().body());
    assertEquals("Bearer", first.json().get("token_type").asText());
    String firstAccess = first.json().get("access_token").asText();
    assertNotEquals(user.token(), firstAccess);
    assertEquals(200, api.get("/api/v1/users/me", firstAccess).status());

    var second = refresh(first.json().get("refresh_token").asText());
    assertEquals(200, second.status(), () -> second.raw().body());
    String secondAccess = second.json().get("access_token").asText();
    assertEquals(200, api.get("/api/v1/users/me", secondAccess).status());
    assertEquals(user.id(), api.get("/api/v1/users/me", secondAccess).json().get("id").asText());
  }

  @Test
  void replayingAUsedRefreshTokenRevokesTheWholeSession() {
    var user = api.register("replay_at");
    var rotated = refresh(user.refreshToken());
    assertEquals(200, rotated.status(), () -> rotated.raw().body());
    String rotatedAccess = rotated.json().get("access_token").asText();
    assertEquals(200, api.get("/api/v1/users/me", rotatedAccess).status());

    var replayed = refresh(user.refreshToken());
    assertEquals(400, replayed.status());
    assertEquals("invalid_grant", replayed.json().get("error").asText());

    assertEquals(401, api.get("/api/v1/users/me", rotatedAccess).status());
    assertEquals(401, api.get("/api/v1/users/me", user.token()).status());
    assertEquals(400, refresh(rotated.json().get("refresh_token").asText()).status());
    // a fresh sign-in is a new session, untouched by the revoked one
    var again = api.token("replay_at", "password-replay_at");
    assertEquals(200, again.status());
    assertEquals(
        200, api.get("/api/v1/users/me", again.json().get("access_token").asText()).status());
  }

  @Test
  void concurrentRefreshesWithOneTokenHaveExactlyOneWinner() {
    // several rounds: the losers' reads land at different points of the winner's steps (a loser
    // that revoked the family while the winner was still issuing left no winner: seen in CI)
    for (int round = 0; round < 5; round++) {
      var user = api.register("refrace_at" + round);
      List<Integer> statuses =
          IntStream.range(0, 6)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> refresh(user.refreshToken())))
              .toList()
              .stream()
              .map(f -> f.join().status())
              .sorted()
              .toList();
      assertEquals(List.of(200, 400, 400, 400, 400, 400), statuses, "round " + round);
    }
  }

  @Test
  void revokingTheRefreshTokenEndsTheAccessTokenOfItsPair() {
    var user = api.register("revref_at");
    assertEquals(200, api.get("/api/v1/users/me", user.token()).status());
    var revoked = api.postForm("/oauth/revoke", Map.of("token", user.refreshToken()));
    assertEquals(200, revoked.status());
    assertEquals(401, api.get("/api/v1/users/me", user.token()).status());
    assertEquals(400, refresh(user.refreshToken()).status());
  }

  @Test
  void revokingTheAccessTokenEndsTheSessionAndNamesTheChallenge() {
    var user = api.register("rev_at");
    assertEquals(200, api.get("/api/v1/users/me", user.token()).status());
    assertEquals(200, api.postForm("/oauth/revoke", Map.of("token", user.token())).status());
    var rejected = api.get("/api/v1/users/me", user.token());
    assertEquals(401, rejected.status());
    assertEquals("Bearer realm=\"starling\"", rejected.header("WWW-Authenticate"));
    var refused = refresh(user.refreshToken());
    assertEquals(400, refused.status());
    assertEquals("invalid_grant", refused.json().get("error").asText());
  }

  @Test
  void revokingAnUnknownTokenIsNotAnError() {
    var revoked = api.postForm("/oauth/revoke", Map.of("token", "no-such-token"));
    assertEquals(200, revoked.status());
  }

  @Test
  void signingOutEverywhereEndsEverySessionOfTheCallerOnly() {
    var user = api.register("everywhere_at");
    var otherDevice = api.token("everywhere_at", "password-everywhere_at");
    assertEquals(200, otherDevice.status());
    String otherAccess = otherDevice.json().get("access_token").asText();
    var bystander = api.register("bystander_at");

    var signedOut = api.delete("/api/v1/users/me/sessions", user.token());
    assertEquals(204, signedOut.status(), () -> signedOut.raw().body());

    assertEquals(401, api.get("/api/v1/users/me", user.token()).status());
    assertEquals(401, api.get("/api/v1/users/me", otherAccess).status());
    assertEquals(400, refresh(user.refreshToken()).status());
    assertEquals(400, refresh(otherDevice.json().get("refresh_token").asText()).status());
    assertEquals(200, api.get("/api/v1/users/me", bystander.token()).status());
    assertEquals(200, api.token("everywhere_at", "password-everywhere_at").status());
  }

  @Test
  void revocationReachesAnotherNodeWithinTheRevocationDelay() throws Exception {
    var user = api.register("nodes_at");
    try (var session =
        CqlSession.builder()
            .addContactPoint(contactPoint())
            .withLocalDatacenter("datacenter1")
            .build()) {
      // the token service of a second node: its own caches, the same tables
      var otherNode =
          new TokenService(
              new Cql(session, node.keyspace()),
              Clock.systemUTC(),
              Duration.ofHours(1),
              Duration.ofDays(30),
              Duration.ofSeconds(1));
      assertEquals(
          Optional.of(Long.parseLong(user.id())),
          otherNode.authenticate(user.token()).toCompletableFuture().join());

      assertEquals(200, api.postForm("/oauth/revoke", Map.of("token", user.token())).status());
      // the other node trusted the session a moment ago; once its revocation delay has passed
      // since then, its very next check must see the revocation
      Thread.sleep(1100);
      assertEquals(
          Optional.empty(), otherNode.authenticate(user.token()).toCompletableFuture().join());
    }
  }

  @Test
  void tokenResponsesAreNeverStored() {
    api.register("store_at");
    var granted = api.token("store_at", "password-store_at");
    var denied = api.token("store_at", "wrong password");
    for (var response : List.of(granted, denied)) {
      assertEquals("no-store", response.header("Cache-Control"));
      assertEquals("no-cache", response.header("Pragma"));
    }
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
    assertEquals(
        200, api.get("/api/v1/users/me", json.json().get("access_token").asText()).status());
    var unknown = api.postForm("/oauth/token", Map.of("grant_type", "client_credentials"));
    assertEquals(400, unknown.status());
    assertEquals("unsupported_grant_type", unknown.json().get("error").asText());
    var missing = api.postForm("/oauth/token", Map.of("username", "json_at"));
    assertEquals(400, missing.status());
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

  @Test
  void aChangedHashingCostRehashesThePasswordAtTheNextSignInOnly() {
    var user = api.register("cost_at");
    node.restart(Map.of("starling.accounts.password-hashing.memory-kib", 512));
    api = node.client();

    assertEquals(200, api.token("cost_at", "password-cost_at").status());
    assertEquals(200, api.token("cost_at", "password-cost_at").status());
    assertEquals(400, api.token("cost_at", "password-cost_at!").status());
    try (var stored = new StoredRows(node.keyspace())) {
      long rehashes =
          stored
              .query(
                  "SELECT ser_manifest FROM ${keyspace}.messages WHERE persistence_id = ? AND"
                      + " partition_nr = 0",
                  "User|" + user.id())
              .stream()
              .filter(row -> row.getString(0).endsWith("User$PasswordRehashed"))
              .count();
      assertEquals(1, rehashes);
    }
  }

  @Test
  void aHandleHeldByASignUpThatNeverFinishedGoesToTheNextSignUp() throws Exception {
    // the first sign-up's node failed between claiming the handle and activating the account
    long staleId = 7_000_000_001L;
    halfMadeSignUp(staleId, "halfmade_at", Instant.now().minus(Duration.ofMinutes(5)));

    var retried =
        api.postJson(
            "/api/v1/accounts", null, Map.of("handle", "halfmade_at", "password", "password-x1"));
    assertEquals(201, retried.status(), () -> retried.raw().body());
    assertEquals(200, api.token("halfmade_at", "password-x1").status());
    // the half-made account can no longer come to life and take the handle back
    var lateActivation =
        sharding()
            .entityRefFor(User.ENTITY_KEY, Long.toString(staleId))
            .<Outcome<Profile>>ask(User.Activate::new, Duration.ofSeconds(5))
            .toCompletableFuture()
            .get();
    assertTrue(lateActivation instanceof Outcome.Rejected, () -> "" + lateActivation);
  }

  @Test
  void aSignUpStillInProgressKeepsItsHandle() throws Exception {
    halfMadeSignUp(7_000_000_002L, "inflight_at", Instant.now());
    var second =
        api.postJson(
            "/api/v1/accounts", null, Map.of("handle", "inflight_at", "password", "password-x2"));
    assertEquals(409, second.status(), () -> second.raw().body());
  }

  private static void halfMadeSignUp(long userId, String handle, Instant createdAt)
      throws Exception {
    var profile = new Profile(userId, handle, null, null, null, createdAt);
    var registered =
        sharding()
            .entityRefFor(User.ENTITY_KEY, Long.toString(userId))
            .<Outcome<Profile>>ask(
                r -> new User.Register(profile, "not a hash", r), Duration.ofSeconds(5))
            .toCompletableFuture()
            .get();
    assertEquals(Outcome.accepted(profile), registered);
    var claimed =
        sharding()
            .entityRefFor(Handle.ENTITY_KEY, Handle.key(handle))
            .<Handle.ClaimResult>ask(r -> new Handle.Claim(userId, r), Duration.ofSeconds(5))
            .toCompletableFuture()
            .get();
    assertEquals(new Handle.Claimed(userId), claimed);
  }

  private static ClusterSharding sharding() {
    return ClusterSharding.get(node.node().system());
  }

  private static ApiClient.Response refresh(String refreshToken) {
    return api.postForm(
        "/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  private static InetSocketAddress contactPoint() {
    String[] hostPort = RealServers.cassandraContactPoint().split(":");
    return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
  }
}
