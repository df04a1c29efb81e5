package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class RateLimitTest {
  private static NodeFixture node;
  private static ApiClient api;
  private static ApiClient.Account poster;
  private static ApiClient.Account neighbour;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            RateLimitTest.class,
            Map.of(
                "starling.rate-limits.enabled", true,
                "starling.rate-limits.classes.post.per-user.limit", 3,
                "starling.rate-limits.classes.sign-up.per-ip.limit", 4));
    api = node.client();
    // two of the address's four sign-ups
    poster = api.register("limited_poster");
    neighbour = api.register("limited_next");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void postsBeyondTheUsersLimitAre429WithRetryAfterAndStoreNothing() {
    for (int remaining = 2; remaining >= 0; remaining--) {
      var posted = api.tweet(poster, "within the limit " + remaining);
      assertEquals(201, posted.status(), () -> posted.raw().body());
      assertEquals("3", posted.header("X-RateLimit-Limit"));
      assertEquals(Integer.toString(remaining), posted.header("X-RateLimit-Remaining"));
    }
    var refused = api.tweet(poster, "one too many");
    assertEquals(429, refused.status());
    assertEquals("application/problem+json", refused.contentType());
    assertEquals(429, refused.json().get("status").asInt());
    assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1);
    assertEquals("0", refused.header("X-RateLimit-Remaining"));
    assertTrue(
        Long.parseLong(refused.header("X-RateLimit-Reset")) > Instant.now().getEpochSecond());

    var me = api.get("/api/v1/users/me", poster.token());
    assertEquals(200, me.status());
    assertEquals(3, me.json().get("tweet_count").asInt());
    // another user's bucket is untouched
    assertEquals(201, api.tweet(neighbour, "my own budget").status());
  }

  @Test
  void signUpsBeyondTheAddressLimitAre429AndCreateNoAccountWhateverXForwardedForSays() {
    int created = 0;
    ApiClient.Response last = null;
    for (int i = 0; i < 4; i++) {
      last =
          api.postJson(
              "/api/v1/accounts",
              null,
              Map.of("handle", "limited_" + i, "password", "long enough password"),
              // a client naming a new address each time still spends its own connection's budget
              Map.of("X-Forwarded-For", "203.0.113." + (i + 1)));
      if (last.status() != 201) {
        break;
      }
      created++;
    }
    assertEquals(2, created, "the address had two sign-ups left");
    assertEquals(429, last.status());
    assertTrue(Long.parseLong(last.header("Retry-After")) >= 1);
    assertEquals(404, api.get("/api/v1/users/by_handle/limited_2", neighbour.token()).status());
  }
}
