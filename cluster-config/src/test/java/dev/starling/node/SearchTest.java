package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServersExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search end to end: posted over HTTP, published to the real Kafka, indexed by the node's consumer,
 * found over HTTP. Every test uses words of its own, since the tests share one node and index.
 */
@ExtendWith(RealServersExtension.class)
class SearchTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(SearchTest.class, NodeFixture.EVENT_STREAM);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ApiClient.Response search(ApiClient.Account reader, String query) {
    return api.get("/api/v1/search?" + query, reader.token());
  }

  private static String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static List<String> ids(ApiClient.Response page) {
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static List<String> tweets(ApiClient.Account reader, String text) {
    return ids(search(reader, q(text)));
  }

  /** Waits until the search shows exactly {@code expected}, newest first. */
  private static void awaitTweets(ApiClient.Account reader, String text, List<String> expected) {
    Eventually.within(Eventually.BOUND, () -> tweets(reader, text), expected::equals);
  }

  private static String post(ApiClient.Account author, String text, String visibility) {
    var posted =
        api.postJson(
            "/api/v1/tweets", author.token(), Map.of("text", text, "visibility", visibility));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  private static void assertBadRequest(ApiClient.Account reader, String query, String parameter) {
    var answer = search(reader, query);
    assertEquals(400, answer.status(), () -> query + ": " + answer.raw().body());
    assertEquals("application/problem+json", answer.contentType());
    String detail = answer.json().get("detail").asText();
    assertTrue(detail.contains(parameter), () -> query + ": " + detail);
  }

  @Test
  void aPostedTweetIsSearchableAsATimelineTweetAndADeletedOneIsGone() {
    var ann = api.register("ann_search");
    String id = post(ann, "Watching the zeppelins arrive #skywatch", "public");
    awaitTweets(ann, "zeppelin", List.of(id));

    JsonNode item = search(ann, q("zeppelin")).json().get("items").get(0);
    assertEquals("ann_search", item.get("author").get("handle").asText());
    assertEquals("skywatch", item.get("hashtags").get(0).asText());
    assertEquals(0, item.get("like_count").asInt());
    assertEquals(false, item.get("liked").asBoolean());

    assertEquals(204, api.delete("/api/v1/tweets/" + id, ann.token()).status());
    awaitTweets(ann, "zeppelin", List.of());
    Eventually.within(
        Eventually.BOUND,
        () -> search(ann, "type=hashtags&" + q("#skywat")).json().get("items").size(),
        size -> size == 0);
  }

  @Test
  void everyQueryFormAndTheirCombination() {
    var bea = api.register("bea_search");
    var cal = api.register("cal_search");
    String first = post(bea, "Gardening tips: plant tulips before the frost #garden", "public");
    String second = post(cal, "The frost came early, @bea_search #garden", "public");
    String third = post(bea, "Tulips planted, frost or not #spring", "public");
    awaitTweets(bea, "tulips", List.of(third, first));

    assertEquals(List.of(third, first), tweets(bea, "planting"), "stemmed words");
    assertEquals(List.of(first), tweets(bea, "\"plant tulips\""), "a phrase");
    assertEquals(List.of(second, first), tweets(bea, "#Garden"), "a hashtag");
    assertEquals(List.of(second), tweets(bea, "@bea_search"), "a mention");
    assertEquals(List.of(third, first), tweets(bea, "from:bea_search"), "an author");
    assertEquals(List.of(first), tweets(bea, "frost #garden from:bea_search"), "combined");
    assertEquals(List.of(), tweets(bea, "from:nobody_here frost"), "an unknown author");

    var users = search(bea, "type=users&" + q("@cal_se"));
    assertEquals(List.of(cal.id()), ids(users));
    assertEquals("cal_search", users.json().get("items").get(0).get("handle").asText());
    assertEquals(List.of(bea.id()), ids(search(bea, "type=users&" + q("BEA_S"))));

    var tags = search(bea, "type=hashtags&" + q("#gar"));
    assertEquals(200, tags.status(), () -> tags.raw().body());
    assertEquals("#garden", tags.json().get("items").get(0).get("name").asText());
    assertEquals(2, tags.json().get("items").get(0).get("tweet_count").asInt());
  }

  @Test
  void pagesFollowCursorsNewestFirstVisitingEachTweetOnce() {
    var dan = api.register("dan_search");
    var posted = new ArrayList<String>();
    for (int i = 0; i < 7; i++) {
      posted.add(0, post(dan, "pagination marmalade number " + i, "public"));
    }
    awaitTweets(dan, "marmalade", posted);

    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page =
          search(dan, q("marmalade") + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(ids(page));
      var next = page.json().get("next_cursor");
      cursor = next.isNull() ? null : next.asText();
    } while (cursor != null);
    assertEquals(posted, seen);
  }

  @Test
  void blocksHideResultsBothWays() {
    var hal = api.register("hal_search");
    var ivy = api.register("ivy_search");
    var joe = api.register("joe_search");
    String byHal = post(hal, "halberd collection", "public");
    String byIvy = post(ivy, "halberd restoration", "public");
    awaitTweets(joe, "halberd", List.of(byIvy, byHal));

    var blocked =
        api.send("POST", "/api/v1/users/" + ivy.id() + "/block", hal.token(), null, null, Map.of());
    assertEquals(200, blocked.status(), () -> blocked.raw().body());
    awaitTweets(hal, "halberd", List.of(byHal));
    awaitTweets(ivy, "halberd", List.of(byIvy));
    awaitTweets(joe, "halberd", List.of(byIvy, byHal));
    Eventually.within(
        Eventually.BOUND,
        () -> ids(search(hal, "type=users&" + q("ivy_s"))),
        List.<String>of()::equals);
  }

  @Test
  void badParametersAnswer400NamingTheParameter() {
    var kim = api.register("kim_search");
    assertBadRequest(kim, "type=tweets", "q");
    assertBadRequest(kim, q("   "), "q");
    assertBadRequest(kim, q("x".repeat(501)), "q");
    assertBadRequest(kim, q("from:"), "q");
    assertBadRequest(kim, q("java") + "&type=places", "type");
    assertBadRequest(kim, q("java") + "&cursor=not-a-cursor", "cursor");
    assertBadRequest(kim, q("java") + "&limit=0", "limit");
    assertBadRequest(kim, q("java") + "&limit=101", "limit");
  }

  @Test
  void aNodeRestartedMidStreamLosesAndDoublesNothing() {
    var lou = api.register("lou_search");
    var posted = new HashSet<String>();
    for (int i = 0; i < 20; i++) {
      posted.add(post(lou, "restart lighthouse " + i, "public"));
    }
    node.restart();
    api = node.client();
    var again = new ApiClient.Account(lou.id(), lou.handle(), token(lou), null);
    for (int i = 20; i < 40; i++) {
      posted.add(post(again, "restart lighthouse " + i, "public"));
    }
    var found =
        Eventually.within(
            Eventually.BOUND,
            () -> ids(search(again, q("lighthouse") + "&limit=100")),
            ids -> ids.size() >= posted.size());
    assertEquals(posted.size(), found.size(), "no tweet twice");
    assertEquals(posted, new HashSet<>(found));
  }

  private static String token(ApiClient.Account account) {
    var token = api.token(account.handle(), "password-" + account.handle());
    assertEquals(200, token.status(), () -> token.raw().body());
    return token.json().get("access_token").asText();
  }
}
