package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-up to a follower's home timeline, over real HTTP against the real Cassandra. */
@ExtendWith(RealServersExtension.class)
class WalkingSkeletonTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(WalkingSkeletonTest.class);
    api = node.client();
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

  private static List<String> home(ApiClient.Account reader) {
    var page = api.get("/api/v1/home_timeline", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    return ids(page);
  }

  @Test
  void followerSeesANewTweetInTheirHomeTimeline() {
    var alice = api.register("alice_ws");
    var bob = api.register("bob_ws");
    var followed = api.follow(bob, alice);
    assertEquals(200, followed.status(), () -> followed.raw().body());
    assertTrue(followed.json().get("following").asBoolean());

    var posted = api.tweet(alice, "Hello #Starling from @bob_ws");
    assertEquals(201, posted.status(), () -> posted.raw().body());
    String tweetId = posted.json().get("id").asText();
    assertEquals("alice_ws", posted.json().get("author").get("handle").asText());
    assertEquals("[\"starling\"]", posted.json().get("hashtags").toString());
    assertEquals("[\"bob_ws\"]", posted.json().get("mentions").toString());

    Eventually.within(Eventually.BOUND, () -> home(bob), ids -> ids.contains(tweetId));
  }

  @Test
  void authorSeesTheirTweetAndCountsTheMomentThePostReturns() {
    var carol = api.register("carol_ws");
    String tweetId = api.tweetId(carol, "just posted");
    assertEquals(List.of(tweetId), home(carol));
    assertEquals(
        List.of(tweetId), ids(api.get("/api/v1/users/" + carol.id() + "/tweets", carol.token())));
    assertEquals(1, api.get("/api/v1/users/me", carol.token()).json().get("tweet_count").asLong());
    var fetched = api.get("/api/v1/tweets/" + tweetId, carol.token());
    assertEquals(200, fetched.status());
    assertEquals("just posted", fetched.json().get("text").asText());
    assertTrue(
        fetched
            .json()
            .get("created_at")
            .asText()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
  }

  @Test
  void followCountsAreExactAndFollowIsIdempotent() {
    var dave = api.register("dave_ws");
    var erin = api.register("erin_ws");
    api.follows(dave, erin);
    api.follows(dave, erin);
    assertEquals(
        1,
        api.get("/api/v1/users/" + erin.id(), dave.token()).json().get("followers_count").asLong());
    assertEquals(
        1, api.get("/api/v1/users/me", dave.token()).json().get("following_count").asLong());

    var followers = api.get("/api/v1/users/" + erin.id() + "/followers", dave.token());
    assertEquals(List.of(dave.id()), ids(followers));
    var following = api.get("/api/v1/users/" + dave.id() + "/following", dave.token());
    assertEquals(List.of(erin.id()), ids(following));

    var unfollowed = api.delete("/api/v1/users/" + erin.id() + "/follow", dave.token());
    assertFalse(unfollowed.json().get("following").asBoolean());
    api.unfollows(dave, erin);
    assertEquals(
        0,
        api.get("/api/v1/users/" + erin.id(), dave.token()).json().get("followers_count").asLong());
    assertEquals(
        0, api.get("/api/v1/users/me", dave.token()).json().get("following_count").asLong());
  }

  @Test
  void unfollowTakesTheAuthorOutOfTheHomeTimelineAndFollowBringsRecentTweetsIn() {
    var fay = api.register("fay_ws");
    var gus = api.register("gus_ws");
    String earlier = api.tweetId(gus, "before the follow");
    api.follows(fay, gus);
    assertTrue(home(fay).contains(earlier));
    api.unfollows(fay, gus);
    assertFalse(home(fay).contains(earlier));
  }

  @Test
  void idempotentPostRetriedConcurrentlyCreatesOneTweet() {
    var hal = api.register("hal_ws");
    var key = Map.of("Idempotency-Key", "post-1");
    List<CompletableFuture<ApiClient.Response>> attempts =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            api.postJson(
                                "/api/v1/tweets",
                                hal.token(),
                                Map.of("text", "exactly once"),
                                key)))
            .toList();
    var ids = new HashSet<String>();
    for (var attempt : attempts) {
      var response = attempt.join();
      assertEquals(201, response.status(), () -> response.raw().body());
      ids.add(response.json().get("id").asText());
    }
    assertEquals(1, ids.size());
    var retried = api.postJson("/api/v1/tweets", hal.token(), Map.of("text", "exactly once"), key);
    assertEquals(ids.iterator().next(), retried.json().get("id").asText());
    assertEquals(
        List.copyOf(ids), ids(api.get("/api/v1/users/" + hal.id() + "/tweets", hal.token())));
    assertEquals(1, api.get("/api/v1/users/me", hal.token()).json().get("tweet_count").asLong());
  }

  private static ApiClient.Response postWithKey(ApiClient.Account author, String text, String key) {
    return api.postJson(
        "/api/v1/tweets", author.token(), Map.of("text", text), Map.of("Idempotency-Key", key));
  }

  private static long tweetCount(ApiClient.Account user) {
    return api.get("/api/v1/users/me", user.token()).json().get("tweet_count").asLong();
  }

  @Test
  void oneIdempotencyKeyUsedByTwoPeoplePostsTwoTweets() {
    var kay = api.register("kay_key");
    var lee = api.register("lee_key");
    var byKay = postWithKey(kay, "mine", "shared-key");
    var byLee = postWithKey(lee, "mine too", "shared-key");
    assertEquals(201, byKay.status(), () -> byKay.raw().body());
    assertEquals(201, byLee.status(), () -> byLee.raw().body());
    assertNotEquals(byKay.json().get("id"), byLee.json().get("id"));
    assertEquals("mine too", byLee.json().get("text").asText());
  }

  @Test
  void aKeyRepeatedWithAnotherBodyAnswersTheFirstTweetAndPostsNothing() {
    var meg = api.register("meg_key");
    var first = postWithKey(meg, "the first words", "edit-1");
    assertEquals(201, first.status(), () -> first.raw().body());
    var again = postWithKey(meg, "second thoughts", "edit-1");
    assertEquals(first.json().get("id"), again.json().get("id"));
    assertEquals("the first words", again.json().get("text").asText());
    assertEquals(1, tweetCount(meg));
  }

  @Test
  void aKeyWhosePostWasRefusedPostsOnceTheRetryIsValid() {
    var ned = api.register("ned_key");
    var refused = postWithKey(ned, "x".repeat(281), "retry-1");
    assertEquals(422, refused.status(), () -> refused.raw().body());
    assertEquals(0, tweetCount(ned));
    var fixed = postWithKey(ned, "short enough now", "retry-1");
    assertEquals(201, fixed.status(), () -> fixed.raw().body());
    assertEquals("short enough now", fixed.json().get("text").asText());
    var repeated = postWithKey(ned, "short enough now", "retry-1");
    assertEquals(fixed.json().get("id"), repeated.json().get("id"));
    assertEquals(1, tweetCount(ned));
  }

  @Test
  void paginationVisitsEveryTweetOnceWhileNewOnesArrive() {
    var ivy = api.register("ivy_ws");
    var jon = api.register("jon_ws");
    api.follows(ivy, jon);
    var posted = new ArrayList<String>();
    for (int i = 0; i < 12; i++) {
      posted.add(api.tweetId(i % 2 == 0 ? ivy : jon, "tweet " + i));
    }
    Eventually.within(Eventually.BOUND, () -> home(ivy), ids -> ids.containsAll(posted));

    var seen = new ArrayList<String>();
    int[] page = {0};
    Runnable postMeanwhile =
        () -> {
          api.tweetId(page[0] % 2 == 0 ? ivy : jon, "arrived during paging " + page[0]);
          page[0]++;
        };
    for (var response : api.pages("/api/v1/home_timeline?limit=5", ivy, 20, postMeanwhile)) {
      seen.addAll(ids(response));
    }

    assertEquals(seen.size(), new HashSet<>(seen).size(), "no tweet twice: " + seen);
    var expected = new ArrayList<>(posted);
    java.util.Collections.reverse(expected);
    assertEquals(expected, seen);
  }

  @Test
  void projectionDeliversATweetTheFastPathNeverSaw() {
    var kim = api.register("kim_ws");
    var lou = api.register("lou_ws");
    api.follows(lou, kim);
    long tweetId = 9_000_000_000L + System.nanoTime() % 1_000_000;
    var system = node.node().system();
    Outcome<TweetData> outcome =
        ClusterSharding.get(system)
            .entityRefFor(Tweet.ENTITY_KEY, Long.toString(tweetId))
            .<Outcome<TweetData>>ask(
                r ->
                    new Tweet.Post(
                        Long.parseLong(kim.id()),
                        "written behind the API's back",
                        Visibility.PUBLIC,
                        null,
                        null,
                        null,
                        Instant.now(),
                        r),
                Duration.ofSeconds(5))
            .toCompletableFuture()
            .join();
    assertTrue(outcome instanceof Outcome.Accepted);
    Eventually.within(
        Duration.ofSeconds(10), () -> home(lou), ids -> ids.contains(Long.toString(tweetId)));
    assertEquals(
        1, api.get("/api/v1/users/" + kim.id(), lou.token()).json().get("tweet_count").asLong());
  }

  @Test
  void readinessAndMetricsAreServedWithoutAToken() {
    var ready = api.get("/health/ready", null);
    assertEquals(200, ready.status(), () -> ready.raw().body());
    assertEquals("ready", ready.json().get("status").asText());
    var metrics = api.send("GET", "/metrics", null, null, null, Map.of());
    assertEquals(200, metrics.status());
    assertTrue(
        metrics.raw().body().contains("http_server_requests_seconds_count"), metrics.raw().body());
    assertTrue(metrics.raw().body().contains("jvm_memory_used_bytes"));
  }

  @Test
  void metricsCountTheCassandraStatementsRequestsCostEvenAfterGarbageCollection() {
    var reader = api.register("stm_ws");
    double before = counter("starling_cassandra_statements_total");
    System.gc();
    assertEquals(200, api.get("/api/v1/home_timeline", reader.token()).status());
    double after = counter("starling_cassandra_statements_total");
    assertTrue(after > before, "statements counted: before " + before + ", after " + after);
    assertTrue(counter("starling_fanout_deliveries_total") >= 0);
  }

  /** A counter's value from /metrics (a single series). */
  private double counter(String name) {
    String body = api.send("GET", "/metrics", null, null, null, Map.of()).raw().body();
    return body.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not on /metrics"));
  }

  @Test
  void tweetAndUserReadsCarryAnETagAndAMatchingIfNoneMatchIs304WithoutABody() {
    var reader = api.register("etag_ws");
    String tweetId = api.tweetId(reader, "cache me");
    String path = "/api/v1/tweets/" + tweetId;

    var first = api.get(path, reader.token());
    assertEquals(200, first.status());
    String etag = first.header("ETag");
    assertTrue(etag != null && etag.startsWith("\""), () -> "ETag: " + etag);
    assertEquals("private, no-cache", first.header("Cache-Control"));

    var unchanged = ifNoneMatch(path, reader, etag);
    assertEquals(304, unchanged.status());
    assertEquals("", unchanged.raw().body());
    assertEquals(etag, unchanged.header("ETag"));
    assertEquals(304, ifNoneMatch(path, reader, "\"other\", W/" + etag).status());

    var liked = api.send("POST", path + "/like", reader.token(), null, null, Map.of());
    assertEquals(200, liked.status());
    var changed = ifNoneMatch(path, reader, etag);
    assertEquals(200, changed.status());
    assertFalse(etag.equals(changed.header("ETag")), "a like changes the representation");

    var me = api.get("/api/v1/users/me", reader.token());
    assertEquals(200, me.status());
    assertEquals(304, ifNoneMatch("/api/v1/users/me", reader, me.header("ETag")).status());
  }

  private static ApiClient.Response ifNoneMatch(
      String path, ApiClient.Account reader, String tags) {
    return api.send("GET", path, reader.token(), null, null, Map.of("If-None-Match", tags));
  }
}
