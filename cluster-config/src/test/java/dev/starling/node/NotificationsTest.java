package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.projection.ProjectionControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Notifications over real HTTP, written by the projections from the real journal. */
@ExtendWith(RealServersExtension.class)
class NotificationsTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(NotificationsTest.class, NodeFixture.ADMIN);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** One notification as the test compares them: type, actor id and handle, tweet id or null. */
  private record Seen(String type, String actorId, String actorHandle, String tweetId) {
    static Seen of(String type, ApiClient.Account actor, String tweetId) {
      return new Seen(type, actor.id(), actor.handle(), tweetId);
    }
  }

  private static List<JsonNode> page(ApiClient.Account reader, String query) {
    var page = api.get("/api/v1/notifications" + query, reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var items = new ArrayList<JsonNode>();
    page.json().get("items").forEach(items::add);
    return items;
  }

  /** The actor ids of every notification, following the cursors of pages of 2 (at most 10). */
  private static List<String> actorsPageByPage(ApiClient.Account reader) {
    var visited = new ArrayList<String>();
    for (var page : api.pages("/api/v1/notifications?limit=2", reader, 10, () -> {})) {
      page.json().get("items").forEach(item -> visited.add(item.get("actor").get("id").asText()));
    }
    return visited;
  }

  private static List<Seen> notifications(ApiClient.Account reader) {
    return page(reader, "?limit=100").stream()
        .map(
            item ->
                new Seen(
                    item.get("type").asText(),
                    item.get("actor").get("id").asText(),
                    item.get("actor").get("handle").asText(),
                    item.get("tweet_id").isNull() ? null : item.get("tweet_id").asText()))
        .toList();
  }

  private static List<Seen> awaitNotifications(
      ApiClient.Account reader, Predicate<List<Seen>> done) {
    return Eventually.within(Eventually.BOUND, () -> notifications(reader), done);
  }

  private static String reply(ApiClient.Account author, String parentId, String text) {
    var posted =
        api.postJson(
            "/api/v1/tweets", author.token(), Map.of("text", text, "reply_to_id", parentId));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  private static void like(ApiClient.Account user, String tweetId) {
    var liked =
        api.send("POST", "/api/v1/tweets/" + tweetId + "/like", user.token(), null, null, Map.of());
    assertEquals(200, liked.status(), () -> liked.raw().body());
  }

  private static void retweet(ApiClient.Account user, String tweetId) {
    var retweeted =
        api.send(
            "POST", "/api/v1/tweets/" + tweetId + "/retweet", user.token(), null, null, Map.of());
    assertEquals(201, retweeted.status(), () -> retweeted.raw().body());
  }

  private static void follow(ApiClient.Account follower, ApiClient.Account followee) {
    var followed = api.follow(follower, followee);
    assertEquals(200, followed.status(), () -> followed.raw().body());
  }

  @Test
  void followTellsTheFolloweeWhoFollowedThem() {
    var ann = api.register("ann_nt");
    var bo = api.register("bo_nt");
    follow(ann, bo);

    assertEquals(
        List.of(Seen.of("follow", ann, null)), awaitNotifications(bo, seen -> !seen.isEmpty()));
    var item = page(bo, "").get(0);
    assertTrue(item.get("tweet_id").isNull());
    assertTrue(
        item.get("created_at")
            .asText()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertTrue(item.get("id").asText().matches("\\d+"));
    assertEquals(List.of(), notifications(ann));
  }

  @Test
  void replyTellsTheParentsAuthorWithTheReplysId() {
    var cy = api.register("cy_nt");
    var di = api.register("di_nt");
    String parent = api.tweetId(cy, "what do you think?");
    String replyId = reply(di, parent, "I think so");

    assertEquals(
        List.of(Seen.of("reply", di, replyId)), awaitNotifications(cy, seen -> !seen.isEmpty()));
  }

  @Test
  void mentionTellsAnExistingUserAndAnUnknownHandleNobody() {
    var ed = api.register("ed_nt");
    var fi = api.register("fi_nt");
    var posted = api.tweet(ed, "hello @fi_nt and @nobody_nt");
    assertEquals(201, posted.status(), () -> posted.raw().body());
    String tweetId = posted.json().get("id").asText();

    assertEquals(
        List.of(Seen.of("mention", ed, tweetId)), awaitNotifications(fi, seen -> !seen.isEmpty()));
  }

  @Test
  void likeAndRetweetTellTheOriginalsAuthor() {
    var gi = api.register("gi_nt");
    var hu = api.register("hu_nt");
    String original = api.tweetId(gi, "worth sharing");
    like(hu, original);
    retweet(hu, original);

    var seen = awaitNotifications(gi, s -> s.size() >= 2);
    assertEquals(
        new HashSet<>(List.of(Seen.of("like", hu, original), Seen.of("retweet", hu, original))),
        new HashSet<>(seen));
    assertEquals(2, seen.size(), () -> "no reply or mention for the retweet itself: " + seen);
  }

  @Test
  void ownActionsNotifyNobody() {
    var jo = api.register("jo_nt");
    var ki = api.register("ki_nt");
    String own = api.tweetId(jo, "my own tweet");
    reply(jo, own, "replying to myself, @jo_nt");
    like(jo, own);
    retweet(jo, own);
    String fromKi = reply(ki, own, "not you again");
    like(ki, own);

    var expected = List.of(Seen.of("like", ki, own), Seen.of("reply", ki, fromKi));
    awaitNotifications(jo, seen -> seen.size() >= 2);
    // past ki's events, but jo's may sit in other tags' streams: wait until none is left anywhere
    node.awaitProjectionsCaughtUp("notifications");
    assertEquals(new HashSet<>(expected), new HashSet<>(notifications(jo)));
    assertEquals(2, notifications(jo).size());
  }

  @Test
  void pagingWithLimitTwoVisitsEveryNotificationOnceNewestFirst() {
    var lu = api.register("lu_nt");
    var followers = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < 5; i++) {
      var follower = api.register("pg" + i + "_nt");
      follow(follower, lu);
      followers.add(follower);
    }
    var all = awaitNotifications(lu, seen -> seen.size() == 5);

    var visited = actorsPageByPage(lu);

    var newestFirst = new ArrayList<>(followers.stream().map(ApiClient.Account::id).toList());
    Collections.reverse(newestFirst);
    assertEquals(newestFirst, visited);
    assertEquals(all.stream().map(Seen::actorId).toList(), visited);
  }

  /**
   * A page whose stored notifications are all hidden when read (three follows from users the reader
   * then mutes are the newest) shows the next visible ones instead of an empty page with a cursor,
   * and following the cursors visits each visible notification once.
   */
  @Test
  void aPageWhoseNewestNotificationsAreAllHiddenShowsTheNextVisibleOnes() {
    var reader = api.register("sp_nt");
    var visible = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var follower = api.register("spv" + i + "_nt");
      follow(follower, reader);
      visible.add(0, follower.id());
    }
    var hidden = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < 3; i++) {
      var follower = api.register("sph" + i + "_nt");
      follow(follower, reader);
      hidden.add(follower);
    }
    awaitNotifications(reader, seen -> seen.size() == 6);
    for (var follower : hidden) {
      var muted = api.tie("POST", reader, follower, "mute");
      assertEquals(200, muted.status(), () -> muted.raw().body());
    }

    var first = page(reader, "?limit=2");
    assertEquals(
        visible.subList(0, 2),
        first.stream().map(item -> item.get("actor").get("id").asText()).toList());
    var visited = actorsPageByPage(reader);
    assertEquals(visible, visited);
  }

  @Test
  void notificationsFromMutedUsersAndAboutDeletedTweetsDisappear() {
    var mo = api.register("mo_nt");
    var na = api.register("na_nt");
    var ol = api.register("ol_nt");
    String tweetId = api.tweetId(mo, "soon gone");
    like(na, tweetId);
    follow(ol, mo);
    awaitNotifications(mo, seen -> seen.size() == 2);

    var muted = api.tie("POST", mo, ol, "mute");
    assertEquals(200, muted.status(), () -> muted.raw().body());
    assertEquals(List.of(Seen.of("like", na, tweetId)), notifications(mo));

    assertEquals(204, api.delete("/api/v1/tweets/" + tweetId, mo.token()).status());
    assertEquals(List.of(), notifications(mo));
  }

  /**
   * The notification read model is written by its projection only (no fast path), so what it holds
   * after a restart is what the projection made of the journal. The restart comes while events are
   * in flight: the projection has handled the first half (seen), and the second half was
   * acknowledged moments before the node stopped, inside the events-by-tag delay (1 s), so none of
   * it can have been projected yet. After the restart the projection resumes from its stored
   * offset, replaying what it had handled but not yet recorded: it must end with each notification
   * exactly once.
   */
  @Test
  void aProjectionRestartedMidStreamLeavesNoDuplicates() {
    var pi = api.register("pi_nt");
    var fans = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < 8; i++) {
      fans.add(api.register("rs" + i + "_nt"));
    }
    String tweetId = api.tweetId(pi, "restart me");
    for (var fan : fans) {
      follow(fan, pi);
    }
    awaitNotifications(pi, seen -> seen.size() == fans.size());
    for (var fan : fans) {
      like(fan, tweetId);
    }
    int seenAtRestart = notifications(pi).size();
    node.restart();
    api = node.client();
    assertTrue(
        seenAtRestart < 2 * fans.size(),
        "the restart must come before the projection handled the likes: " + seenAtRestart);

    var seen =
        Eventually.within(
            Duration.ofSeconds(30), () -> notifications(pi), s -> s.size() >= 2 * fans.size());
    var expected = new HashSet<Seen>();
    fans.forEach(
        fan -> {
          expected.add(Seen.of("follow", fan, null));
          expected.add(Seen.of("like", fan, tweetId));
        });
    assertEquals(expected, new HashSet<>(seen));
    assertEquals(2 * fans.size(), seen.size(), () -> "duplicates: " + seen);
  }

  @Test
  void anIdleNodesEventStreamsReadTheJournalsTagsOnlyNowAndThen() {
    // Told of every tag write, a projection's event stream queries its tag when a write is
    // announced, polls every 2 s besides and looks back every 5 s: idle, well under 1.5 partition
    // reads a second. Polling every 250 ms and looking back every second, it read ~4.4.
    int streams =
        ProjectionControl.get(node.node().system()).projections().values().stream()
            .mapToInt(List::size)
            .sum();
    assertTrue(streams > 0);
    try (var stored = new StoredRows(node.keyspace())) {
      Eventually.within(
          Duration.ofMinutes(2),
          () -> tagReadsPerSecond(stored, Duration.ofSeconds(6)) / streams,
          perStream -> perStream < 1.5);
    }
  }

  /**
   * Partitions of the journal's tag views Cassandra read for this node, per second over a window.
   */
  private static double tagReadsPerSecond(StoredRows stored, Duration window) {
    long before = tagReads(stored);
    try {
      Thread.sleep(window.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return (tagReads(stored) - before) * 1000.0 / window.toMillis();
  }

  private static long tagReads(StoredRows stored) {
    var rows =
        stored.query(
            "SELECT count FROM system_views.local_read_latency"
                + " WHERE keyspace_name = ? AND table_name = 'tag_views'",
            node.keyspace());
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }
}
