package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServersExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Likes, retweets, replies and deletes over real HTTP against the real Cassandra. */
@ExtendWith(RealServersExtension.class)
class EngagementTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(EngagementTest.class);
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

  private static JsonNode tweet(String id, ApiClient.Account reader) {
    var response = api.get("/api/v1/tweets/" + id, reader.token());
    assertEquals(200, response.status(), () -> response.raw().body());
    return response.json();
  }

  private static ApiClient.Response post(String path, ApiClient.Account caller) {
    return api.send("POST", path, caller.token(), null, null, Map.of());
  }

  private static String reply(ApiClient.Account author, String parentId, String text) {
    var posted =
        api.postJson(
            "/api/v1/tweets", author.token(), Map.of("text", text, "reply_to_id", parentId));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  @Test
  void fiftyConcurrentLikesCountFifty() {
    var author = api.register("liked_en");
    String tweetId = api.tweetId(author, "like me");
    List<ApiClient.Account> fans =
        IntStream.range(0, 50).parallel().mapToObj(i -> api.register("fan" + i + "_en")).toList();
    List<CompletableFuture<ApiClient.Response>> likes =
        fans.stream()
            .map(
                fan ->
                    CompletableFuture.supplyAsync(
                        () -> post("/api/v1/tweets/" + tweetId + "/like", fan)))
            .toList();
    likes.forEach(like -> assertEquals(200, like.join().status(), () -> like.join().raw().body()));
    assertEquals(50, tweet(tweetId, author).get("like_count").asLong());
    assertTrue(tweet(tweetId, fans.get(7)).get("liked").asBoolean());
    assertFalse(tweet(tweetId, author).get("liked").asBoolean());
  }

  @Test
  void likeIsIdempotentAndUnlikeUndoesIt() {
    var author = api.register("likee_en");
    var fan = api.register("liker_en");
    String tweetId = api.tweetId(author, "once");
    var first = post("/api/v1/tweets/" + tweetId + "/like", fan);
    assertEquals(
        Map.of("liked", true, "like_count", 1),
        Map.of(
            "liked",
            first.json().get("liked").asBoolean(),
            "like_count",
            first.json().get("like_count").asInt()));
    assertEquals(
        1, post("/api/v1/tweets/" + tweetId + "/like", fan).json().get("like_count").asInt());
    var unliked = api.delete("/api/v1/tweets/" + tweetId + "/like", fan.token());
    assertFalse(unliked.json().get("liked").asBoolean());
    assertEquals(0, unliked.json().get("like_count").asInt());
    assertEquals(
        0,
        api.delete("/api/v1/tweets/" + tweetId + "/like", fan.token())
            .json()
            .get("like_count")
            .asInt());
    assertEquals(404, post("/api/v1/tweets/123456789/like", fan).status());
  }

  @Test
  void retweetIsOnePerUserShowsInFollowersTimelinesAndCanBeUndone() {
    var author = api.register("orig_en");
    var retweeter = api.register("rter_en");
    var follower = api.register("rfol_en");
    api.follows(follower, retweeter);
    String original = api.tweetId(author, "worth sharing");

    var first = post("/api/v1/tweets/" + original + "/retweet", retweeter);
    assertEquals(201, first.status(), () -> first.raw().body());
    String retweetId = first.json().get("id").asText();
    assertEquals(original, first.json().get("retweet_of").get("id").asText());
    assertEquals("worth sharing", first.json().get("retweet_of").get("text").asText());
    var again = post("/api/v1/tweets/" + original + "/retweet", retweeter);
    assertEquals(200, again.status());
    assertEquals(retweetId, again.json().get("id").asText());

    var seen = tweet(original, retweeter);
    assertEquals(1, seen.get("retweet_count").asLong());
    assertTrue(seen.get("retweeted").asBoolean());
    Eventually.within(
        Eventually.BOUND,
        () -> ids(api.get("/api/v1/home_timeline", follower.token())),
        ids -> ids.contains(retweetId));
    assertTrue(
        ids(api.get("/api/v1/users/" + retweeter.id() + "/tweets", follower.token()))
            .contains(retweetId));

    assertEquals(
        204, api.delete("/api/v1/tweets/" + original + "/retweet", retweeter.token()).status());
    assertEquals(0, tweet(original, retweeter).get("retweet_count").asLong());
    assertFalse(ids(api.get("/api/v1/home_timeline", follower.token())).contains(retweetId));
    assertEquals(404, api.get("/api/v1/tweets/" + retweetId, follower.token()).status());

    var anew = post("/api/v1/tweets/" + original + "/retweet", retweeter);
    assertEquals(201, anew.status());
    assertNotEquals(retweetId, anew.json().get("id").asText());
  }

  @Test
  void repliesAreListedOldestFirstAndCounted() {
    var author = api.register("par_en");
    var replier = api.register("rep_en");
    String parent = api.tweetId(author, "ask me anything");
    var replies = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      replies.add(reply(i % 2 == 0 ? replier : author, parent, "answer " + i));
    }
    assertEquals(5, tweet(parent, replier).get("reply_count").asLong());
    assertEquals(parent, tweet(replies.get(0), replier).get("reply_to_id").asText());

    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page =
          api.get(
              "/api/v1/tweets/"
                  + parent
                  + "/replies?limit=2"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              replier.token());
      seen.addAll(ids(page));
      cursor =
          page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
    } while (cursor != null);
    assertEquals(replies, seen);
  }

  @Test
  void deletedTweetDisappearsEverywhereAndStaysGoneAfterARestart() {
    var author = api.register("del_en");
    var follower = api.register("delf_en");
    var stranger = api.register("dels_en");
    api.follows(follower, author);
    String parent = api.tweetId(stranger, "parent");
    var doomed =
        api.postJson(
            "/api/v1/tweets", author.token(), Map.of("text", "regrettable", "reply_to_id", parent));
    String doomedId = doomed.json().get("id").asText();
    String kept = api.tweetId(author, "fine");
    var retweet = post("/api/v1/tweets/" + doomedId + "/retweet", stranger);
    assertEquals(201, retweet.status(), () -> retweet.raw().body());
    String retweetId = retweet.json().get("id").asText();
    Eventually.within(
        Eventually.BOUND,
        () -> ids(api.get("/api/v1/home_timeline", follower.token())),
        ids -> ids.contains(doomedId));
    assertEquals(1, tweet(parent, stranger).get("reply_count").asLong());

    assertEquals(403, api.delete("/api/v1/tweets/" + doomedId, stranger.token()).status());
    assertEquals(204, api.delete("/api/v1/tweets/" + doomedId, author.token()).status());

    assertDeletedEverywhere(doomedId, retweetId, parent, kept, author, follower, stranger);
    node.restart();
    api = node.client();
    Eventually.within(
        Eventually.BOUND, () -> api.get("/health/ready", null).status(), status -> status == 200);
    assertDeletedEverywhere(doomedId, retweetId, parent, kept, author, follower, stranger);
    assertEquals(404, api.delete("/api/v1/tweets/" + doomedId, author.token()).status());
  }

  private static void assertDeletedEverywhere(
      String doomedId,
      String retweetId,
      String parent,
      String kept,
      ApiClient.Account author,
      ApiClient.Account follower,
      ApiClient.Account stranger) {
    assertEquals(404, api.get("/api/v1/tweets/" + doomedId, follower.token()).status());
    assertEquals(
        List.of(kept), ids(api.get("/api/v1/users/" + author.id() + "/tweets", follower.token())));
    assertEquals(List.of(kept), ids(api.get("/api/v1/home_timeline", follower.token())));
    assertFalse(
        ids(api.get("/api/v1/users/" + stranger.id() + "/tweets", stranger.token()))
            .contains(retweetId));
    assertEquals(0, tweet(parent, stranger).get("reply_count").asLong());
    assertEquals(
        List.of(), ids(api.get("/api/v1/tweets/" + parent + "/replies", stranger.token())));
    assertEquals(
        1,
        api.get("/api/v1/users/" + author.id(), follower.token())
            .json()
            .get("tweet_count")
            .asLong());
  }

  /**
   * Six tweets, each mentioning the follower, are acknowledged and the node stops at once, inside
   * the projections' events-by-tag delay (1 s): the home timeline got them from the fast path, but
   * the mention notifications are written by the notification projection only, after the restart,
   * from the journal. Every read model must end with each tweet exactly once.
   */
  @Test
  void projectionsCatchingUpAfterARestartMidStreamAddNoDuplicates() {
    var author = api.register("dup_en");
    var follower = api.register("dupf_en");
    assertEquals(200, api.follow(follower, author).status());
    var posted = new ArrayList<String>();
    for (int i = 0; i < 6; i++) {
      posted.add(api.tweetId(author, "@dupf_en entry " + i));
    }
    int mentionsAtRestart = mentions(follower).size();
    node.restart();
    api = node.client();
    assertTrue(mentionsAtRestart < posted.size(), "restart must come before the projection ran");

    var mentioned =
        Eventually.within(
            Duration.ofSeconds(30), () -> mentions(follower), m -> m.size() >= posted.size());
    assertEquals(new HashSet<>(posted), new HashSet<>(mentioned));
    assertEquals(posted.size(), mentioned.size(), () -> "duplicates: " + mentioned);
    var home = ids(api.get("/api/v1/home_timeline?limit=100", follower.token()));
    assertEquals(home.size(), new HashSet<>(home).size(), "no duplicates: " + home);
    assertTrue(home.containsAll(posted));
    assertEquals(
        6,
        api.get("/api/v1/users/" + author.id(), follower.token())
            .json()
            .get("tweet_count")
            .asLong());
  }

  private static List<String> mentions(ApiClient.Account reader) {
    var page = api.get("/api/v1/notifications?limit=100", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var tweetIds = new ArrayList<String>();
    page.json()
        .get("items")
        .forEach(
            item -> {
              if (item.get("type").asText().equals("mention")) {
                tweetIds.add(item.get("tweet_id").asText());
              }
            });
    return tweetIds;
  }
}
