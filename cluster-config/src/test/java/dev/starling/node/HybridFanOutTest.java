package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hybrid timeline over HTTP: a celebrity's post reaches followers by the read-time merge, a
 * fan-out cut short by a restart finishes after it, and a new reader is offered tweets and
 * accounts. The node runs with a celebrity threshold of 12 followers and slow fan-out pages (three
 * followers per page, each page held ~300 ms), so a restart can land in the middle of one.
 */
@ExtendWith(RealServersExtension.class)
class HybridFanOutTest {
  private static final int CELEBRITY_ABOVE = 12;
  private static final String TIMELINES = "starling.read-side.timelines.";
  private static NodeFixture node;
  private static StoredRows stored;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            HybridFanOutTest.class,
            Map.of(
                TIMELINES + "celebrities.threshold",
                CELEBRITY_ABOVE,
                TIMELINES + "celebrities.hysteresis",
                0,
                TIMELINES + "celebrities.grace",
                "0s",
                TIMELINES + "celebrities.refresh-interval",
                "0s",
                TIMELINES + "fan-out.page-size",
                3,
                TIMELINES + "deliveries.group-window",
                "300ms",
                TIMELINES + "popular.refresh-interval",
                "0s",
                TIMELINES + "popular.nearly-empty",
                5,
                "starling.read-side.suggestions.popular.refresh-interval",
                "0s"));
    stored = new StoredRows(node.keyspace());
  }

  @AfterAll
  static void stop() {
    stored.close();
    node.close();
  }

  private static List<ApiClient.Account> followersOf(
      ApiClient api, ApiClient.Account author, int count, String prefix) {
    var followers = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < count; i++) {
      var follower = api.register(prefix + i);
      var followed = api.follow(follower, author);
      assertEquals(200, followed.status(), () -> followed.raw().body());
      followers.add(follower);
    }
    return followers;
  }

  private static List<String> home(ApiClient api, ApiClient.Account reader) {
    var page = api.get("/api/v1/home_timeline?limit=100", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static boolean storedFor(ApiClient.Account reader, String tweetId) {
    return !stored
        .query(
            "SELECT tweet_id FROM ${keyspace}.home_timeline WHERE user_id = ? AND tweet_id = ?",
            Long.parseLong(reader.id()),
            Long.parseLong(tweetId))
        .isEmpty();
  }

  @Test
  void aCelebritysPostReachesEveryFollowerAtOnceByTheReadTimeMergeNotByFanOut() {
    var api = node.client();
    var star = api.register("cel_star");
    var fans = followersOf(api, star, CELEBRITY_ABOVE + 1, "cel_fan");
    Eventually.within(
        Eventually.BOUND,
        () ->
            stored.query(
                "SELECT user_id FROM ${keyspace}.celebrities WHERE bucket = 0 AND user_id = ?",
                Long.parseLong(star.id())),
        rows -> !rows.isEmpty());

    String tweetId = api.tweetId(star, "hello, all of you");

    for (var fan : fans) {
      assertTrue(home(api, fan).contains(tweetId), fan.handle());
      assertFalse(storedFor(fan, tweetId), "not fanned out to " + fan.handle());
    }
  }

  @Test
  void aFanOutCutShortByARestartServesEveryFollowerAfterIt() {
    var api = node.client();
    var author = api.register("cut_author");
    var followers = followersOf(api, author, CELEBRITY_ABOVE - 1, "cut_f");
    String tweetId = api.tweetId(author, "reaching everyone, eventually");
    Eventually.within(
        Eventually.BOUND,
        () ->
            stored.query(
                "SELECT next_follower, done FROM ${keyspace}.fan_out"
                    + " WHERE tweet_id = ? AND direction = 'ADD'",
                Long.parseLong(tweetId)),
        rows -> !rows.isEmpty() && !rows.get(0).getBoolean("done"));

    node.restart();

    Eventually.within(
        Eventually.BOUND,
        () -> followers.stream().filter(f -> !storedFor(f, tweetId)).map(f -> f.handle()).toList(),
        List::isEmpty);
    var after = node.client();
    for (var follower : followers) {
      assertTrue(home(after, follower).contains(tweetId), follower.handle());
    }
  }

  @Test
  void aNewReaderIsOfferedPopularTweetsAndAccountsToFollowButNeverThemselves() {
    var api = node.client();
    var known = api.register("cold_known");
    followersOf(api, known, 10, "cold_fan");
    String tweetId = api.tweetId(known, "something worth reading");
    var newcomer = api.register("cold_newcomer");

    assertTrue(home(api, newcomer).contains(tweetId));
    var suggested = api.get("/api/v1/users/suggestions?limit=5", newcomer.token());
    assertEquals(200, suggested.status(), () -> suggested.raw().body());
    var ids = new ArrayList<String>();
    suggested.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    assertTrue(ids.contains(known.id()), ids::toString);
    assertFalse(ids.contains(newcomer.id()), ids::toString);
    assertTrue(suggested.json().get("next_cursor").isNull());
  }
}
