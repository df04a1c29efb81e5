package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node stopped and started again on the same data serves everything it acknowledged. */
@ExtendWith(RealServersExtension.class)
class RestartTest {
  private static NodeFixture node;

  @BeforeAll
  static void start() {
    node = new NodeFixture(RestartTest.class);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> ids(ApiClient.Response page) {
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  @Test
  void accountsTokensTweetsFollowsAndTimelinesSurviveARestart() {
    var api = node.client();
    var pia = api.register("pia_rs");
    var quinn = api.register("quinn_rs");
    api.follow(quinn, pia);
    String first = api.tweetId(pia, "before restart 1");
    String second = api.tweetId(pia, "before restart 2");
    Eventually.within(
        Eventually.BOUND,
        () -> ids(api.get("/api/v1/home_timeline", quinn.token())),
        ids -> ids.containsAll(List.of(first, second)));

    node.restart();
    var after = node.client();

    var me = after.get("/api/v1/users/me", quinn.token());
    assertEquals(200, me.status(), () -> me.raw().body());
    assertEquals(1, me.json().get("following_count").asLong());
    var piaView = after.get("/api/v1/users/" + pia.id(), quinn.token());
    assertEquals(1, piaView.json().get("followers_count").asLong());
    assertEquals(2, piaView.json().get("tweet_count").asLong());
    assertEquals(List.of(second, first), ids(after.get("/api/v1/home_timeline", quinn.token())));
    assertEquals(
        List.of(second, first),
        ids(after.get("/api/v1/users/" + pia.id() + "/tweets", quinn.token())));
    assertEquals(
        "before restart 1",
        after.get("/api/v1/tweets/" + first, quinn.token()).json().get("text").asText());
    assertEquals(200, after.token("pia_rs", "password-pia_rs").status());
    assertEquals(
        409,
        after
            .postJson(
                "/api/v1/accounts",
                null,
                java.util.Map.of("handle", "PIA_rs", "password", "long enough"))
            .status());

    String third = after.tweetId(pia, "after restart");
    Eventually.within(
        Eventually.BOUND,
        () -> ids(after.get("/api/v1/home_timeline", quinn.token())),
        ids -> ids.contains(third));
  }
}
