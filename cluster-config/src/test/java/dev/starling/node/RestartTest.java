package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node stopped and started again on the same data serves everything it acknowledged: each test
 * checks one kind of state written before the one restart in {@link #writeThenRestart()}.
 */
@ExtendWith(RealServersExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartTest {
  private static NodeFixture node;
  private static ApiClient api;
  private static ApiClient.Account pia;
  private static ApiClient.Account quinn;
  private static String first;
  private static String second;

  @BeforeAll
  static void writeThenRestart() {
    node = new NodeFixture(RestartTest.class);
    var before = node.client();
    pia = before.register("pia_rs");
    quinn = before.register("quinn_rs");
    var followed = before.follow(quinn, pia);
    assertEquals(200, followed.status(), () -> followed.raw().body());
    first = before.tweetId(pia, "before restart 1");
    second = before.tweetId(pia, "before restart 2");
    // delivered before the restart, so that after it the timeline must come from storage
    Eventually.within(
        Eventually.BOUND,
        () -> ids(before.get("/api/v1/home_timeline", quinn.token())),
        ids -> ids.containsAll(List.of(first, second)));

    node.restart();
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> ids(ApiClient.Response page) {
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  @Test
  void accessTokensIssuedBeforeStillAuthenticate() {
    var me = api.get("/api/v1/users/me", quinn.token());
    assertEquals(200, me.status(), () -> me.raw().body());
    assertEquals(quinn.id(), me.json().get("id").asText());
  }

  @Test
  void followAndTweetCountsAreKept() {
    assertEquals(
        1, api.get("/api/v1/users/me", quinn.token()).json().get("following_count").asLong());
    var piaView = api.get("/api/v1/users/" + pia.id(), quinn.token());
    assertEquals(1, piaView.json().get("followers_count").asLong());
    assertEquals(2, piaView.json().get("tweet_count").asLong());
  }

  @Test
  void theHomeTimelineIsServedFromStorage() {
    assertEquals(List.of(second, first), ids(api.get("/api/v1/home_timeline", quinn.token())));
  }

  @Test
  void theUserTimelineIsKept() {
    assertEquals(
        List.of(second, first),
        ids(api.get("/api/v1/users/" + pia.id() + "/tweets", quinn.token())));
  }

  @Test
  void tweetsAreReadableById() {
    assertEquals(
        "before restart 1",
        api.get("/api/v1/tweets/" + first, quinn.token()).json().get("text").asText());
  }

  @Test
  void passwordsStillSignIn() {
    assertEquals(200, api.token("pia_rs", "password-pia_rs").status());
  }

  @Test
  void handlesStayTakenInAnyCase() {
    var again =
        api.postJson(
            "/api/v1/accounts", null, Map.of("handle", "PIA_rs", "password", "long enough"));
    assertEquals(409, again.status(), () -> again.raw().body());
  }

  /** Last: it adds a tweet to the timelines the others compare exactly. */
  @Test
  @Order(Integer.MAX_VALUE)
  void newTweetsReachFollowersOfFollowsMadeBeforeTheRestart() {
    String third = api.tweetId(pia, "after restart");
    Eventually.within(
        Eventually.BOUND,
        () -> ids(api.get("/api/v1/home_timeline", quinn.token())),
        ids -> ids.contains(third));
  }
}
