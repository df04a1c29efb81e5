package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.relationship.Relationship;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Blocks and mutes over real HTTP against the real Cassandra: enforced at write and at read. */
@ExtendWith(RealServersExtension.class)
class BlockAndMuteTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(BlockAndMuteTest.class);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ApiClient.Response change(
      String method, ApiClient.Account actor, ApiClient.Account target, String tie) {
    return api.tie(method, actor, target, tie);
  }

  private static void assertTie(String field, boolean expected, ApiClient.Response response) {
    assertEquals(200, response.status(), () -> response.raw().body());
    assertEquals(expected, response.json().get(field).asBoolean(), () -> response.raw().body());
  }

  private static void assertProblem(int status, ApiClient.Response response) {
    assertEquals(status, response.status(), () -> response.raw().body());
    assertEquals("application/problem+json", response.contentType());
    assertEquals(status, response.json().get("status").asInt());
  }

  private static List<String> ids(ApiClient.Response page) {
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static List<String> home(ApiClient.Account reader) {
    return ids(api.get("/api/v1/home_timeline", reader.token()));
  }

  private static List<String> userTimeline(ApiClient.Account reader, ApiClient.Account author) {
    return ids(api.get("/api/v1/users/" + author.id() + "/tweets", reader.token()));
  }

  private static long count(ApiClient.Account user, String field) {
    var me = api.get("/api/v1/users/me", user.token());
    assertEquals(200, me.status(), () -> me.raw().body());
    return me.json().get(field).asLong();
  }

  @Test
  void blockWhileFollowingBothWaysEndsBothFollowsAndHidesEachFromTheOther() {
    var ann = api.register("ann_bm");
    var ben = api.register("ben_bm");
    String annTweet = api.tweetId(ann, "ann before the block");
    String benTweet = api.tweetId(ben, "ben before the block");
    assertTie("following", true, api.follow(ann, ben));
    assertTie("following", true, api.follow(ben, ann));
    assertTrue(home(ann).contains(benTweet));
    assertTrue(home(ben).contains(annTweet));

    assertTie("blocking", true, change("POST", ann, ben, "block"));

    for (var user : List.of(ann, ben)) {
      assertEquals(0, count(user, "followers_count"));
      assertEquals(0, count(user, "following_count"));
    }
    assertEquals(List.of(), ids(api.get("/api/v1/users/" + ann.id() + "/followers", ann.token())));
    assertProblem(403, api.follow(ben, ann));
    assertProblem(403, api.follow(ann, ben));

    assertProblem(404, api.get("/api/v1/tweets/" + annTweet, ben.token()));
    assertProblem(404, api.get("/api/v1/tweets/" + benTweet, ann.token()));
    assertFalse(home(ben).contains(annTweet));
    assertFalse(home(ann).contains(benTweet));
    assertEquals(List.of(), userTimeline(ben, ann));
    assertEquals(List.of(), userTimeline(ann, ben));
    assertEquals(List.of(annTweet), userTimeline(ann, ann));
  }

  @Test
  void unblockAllowsFollowingAgainButDoesNotRestoreIt() {
    var cal = api.register("cal_bm");
    var dee = api.register("dee_bm");
    String calTweet = api.tweetId(cal, "cal's words");
    api.follows(dee, cal);
    assertTie("blocking", true, change("POST", cal, dee, "block"));

    assertTie("blocking", false, change("DELETE", cal, dee, "block"));

    assertEquals(0, count(cal, "followers_count"));
    assertEquals(0, count(dee, "following_count"));
    assertEquals(200, api.get("/api/v1/tweets/" + calTweet, dee.token()).status());
    assertEquals(List.of(calTweet), userTimeline(dee, cal));
    assertTie("following", true, api.follow(dee, cal));
    assertEquals(1, count(cal, "followers_count"));
    assertTrue(home(dee).contains(calTweet));
  }

  @Test
  void muteHidesTheMutedAuthorFromTheMutersHomeTimelineOnly() {
    var eve = api.register("eve_bm");
    var fin = api.register("fin_bm");
    String finTweet = api.tweetId(fin, "fin speaks");
    api.follows(eve, fin);
    assertTrue(home(eve).contains(finTweet));

    assertTie("muting", true, change("POST", eve, fin, "mute"));

    assertFalse(home(eve).contains(finTweet));
    assertEquals(1, count(eve, "following_count"));
    assertEquals(200, api.get("/api/v1/tweets/" + finTweet, eve.token()).status());
    assertEquals(List.of(finTweet), userTimeline(eve, fin));
    assertTie("following", true, api.follow(fin, eve));

    assertTie("muting", false, change("DELETE", eve, fin, "mute"));

    assertTrue(home(eve).contains(finTweet));
    assertEquals(1, count(eve, "following_count"));
  }

  @Test
  void repeatedBlockAndMuteChangeNothing() {
    var gil = api.register("gil_bm");
    var hana = api.register("hana_bm");
    api.follows(hana, gil);
    api.follows(gil, hana);
    assertTie("blocking", true, change("POST", gil, hana, "block"));
    assertTie("blocking", true, change("POST", gil, hana, "block"));
    assertEquals(0, count(gil, "followers_count"));
    assertEquals(0, count(hana, "followers_count"));
    assertTie("blocking", false, change("DELETE", gil, hana, "block"));
    assertTie("blocking", false, change("DELETE", gil, hana, "block"));
    assertTie("following", true, api.follow(hana, gil));

    assertTie("muting", true, change("POST", gil, hana, "mute"));
    assertTie("muting", true, change("POST", gil, hana, "mute"));
    assertTie("muting", false, change("DELETE", gil, hana, "mute"));
    assertTie("muting", false, change("DELETE", gil, hana, "mute"));
    assertEquals(1, count(gil, "followers_count"));
    assertEquals(1, count(hana, "following_count"));
  }

  @Test
  void blockingOrMutingYourselfIsUnprocessable() {
    var ike = api.register("ike_bm");
    for (String tie : List.of("block", "mute")) {
      assertProblem(422, change("POST", ike, ike, tie));
      assertProblem(422, change("DELETE", ike, ike, tie));
    }
  }

  @Test
  void blockingOrMutingAnUnknownUserIsNotFound() {
    var jo = api.register("jo_bm");
    var nobody = new ApiClient.Account("9999999999", "nobody", null, null);
    for (String tie : List.of("block", "mute")) {
      assertProblem(404, change("POST", jo, nobody, tie));
      assertProblem(404, change("DELETE", jo, nobody, tie));
    }
  }

  @Test
  void projectionAppliesABlockTheFastPathNeverSaw() {
    var max = api.register("max_bm");
    var ned = api.register("ned_bm");
    String maxTweet = api.tweetId(max, "seen until the projection catches up");
    api.follows(ned, max);
    long maxId = Long.parseLong(max.id());
    long nedId = Long.parseLong(ned.id());
    Outcome<Relationship.TieChange> outcome =
        ClusterSharding.get(node.node().system())
            .entityRefFor(Relationship.ENTITY_KEY, Relationship.entityId(maxId, nedId))
            .<Outcome<Relationship.TieChange>>ask(
                r -> new Relationship.Block(maxId, nedId, Instant.now(), r), Duration.ofSeconds(5))
            .toCompletableFuture()
            .join();
    assertTrue(outcome instanceof Outcome.Accepted);

    Eventually.within(
        Duration.ofSeconds(10), () -> count(ned, "following_count"), following -> following == 0);
    Eventually.within(Duration.ofSeconds(10), () -> userTimeline(ned, max), List::isEmpty);
    assertFalse(home(ned).contains(maxTweet));
    assertProblem(404, api.get("/api/v1/tweets/" + maxTweet, ned.token()));
    assertProblem(403, api.follow(ned, max));
  }
}
