package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.engagement.Engagement;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.relationship.Relationship;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opposite requests by one user on one entity, fired at the same moment: the entity decides one
 * order, and once the projections caught up every read model shows the state of the entity's last
 * event — not the state of whichever fast-path write happened to finish last. The truth is read
 * from the entity's journal, so the test knows the outcome without predicting the interleaving.
 */
@ExtendWith(RealServersExtension.class)
class OneEntityRaceTest {
  private static final int ROUNDS = 8;
  private static final int REQUESTS_PER_ROUND = 6;

  private static NodeFixture node;
  private static ApiClient api;
  private static ExecutorService clients;
  private static CassandraReadJournal journal;
  private static final Random random = new Random(11);

  @BeforeAll
  static void start() {
    node = new NodeFixture(OneEntityRaceTest.class);
    api = node.client();
    clients = Executors.newFixedThreadPool(REQUESTS_PER_ROUND);
    journal =
        PersistenceQuery.get(Adapter.toClassic(node.node().system()))
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @AfterAll
  static void stop() {
    clients.shutdownNow();
    node.close();
  }

  /** Runs every call at once and answers each response, in the order of {@code calls}. */
  private static List<ApiClient.Response> atOnce(List<Supplier<ApiClient.Response>> calls)
      throws Exception {
    var start = new CountDownLatch(1);
    var futures = new ArrayList<Future<ApiClient.Response>>();
    for (var call : calls) {
      futures.add(
          clients.submit(
              () -> {
                start.await();
                return call.get();
              }));
    }
    start.countDown();
    var responses = new ArrayList<ApiClient.Response>();
    for (var future : futures) {
      responses.add(future.get(60, TimeUnit.SECONDS));
    }
    return responses;
  }

  /** {@code half} calls of each kind in a random order, so neither kind always starts first. */
  private static List<Supplier<ApiClient.Response>> shuffled(
      Supplier<ApiClient.Response> one, Supplier<ApiClient.Response> other) {
    var calls = new ArrayList<Supplier<ApiClient.Response>>();
    for (int i = 0; i < REQUESTS_PER_ROUND / 2; i++) {
      calls.add(one);
      calls.add(other);
    }
    Collections.shuffle(calls, random);
    return calls;
  }

  private static void assertStatusIn(Set<Integer> allowed, ApiClient.Response response) {
    assertTrue(
        allowed.contains(response.status()),
        () -> "status " + response.status() + ": " + response.raw().body());
  }

  /** The events the entity persisted, oldest first. */
  private static List<Object> events(EntityTypeKey<?> type, String entityId) throws Exception {
    return journal
        .currentEventsByPersistenceId(
            PersistenceId.of(type.name(), entityId).id(), 0L, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .runWith(Sink.seq(), node.node().system())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) {
    return Eventually.within(Eventually.BOUND, read, done);
  }

  private static ApiClient.Response tweet(String id, ApiClient.Account reader) {
    return api.get("/api/v1/tweets/" + id, reader.token());
  }

  private static List<String> ids(String path, ApiClient.Account reader) {
    var page = api.get(path + (path.contains("?") ? "&" : "?") + "limit=100", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static long count(ApiClient.Account user, ApiClient.Account reader, String field) {
    var profile = api.get("/api/v1/users/" + user.id(), reader.token());
    assertEquals(200, profile.status(), () -> profile.raw().body());
    return profile.json().get(field).asLong();
  }

  private static void assertFollows(ApiClient.Response response) {
    assertEquals(200, response.status(), () -> response.raw().body());
    assertTrue(response.json().get("following").asBoolean(), () -> response.raw().body());
  }

  @Test
  void retweetAndUndoRaceEndsWithOneRetweetOrNoneInEveryReadModel() throws Exception {
    var author = api.register("author_race");
    var fan = api.register("fan_race");
    var friend = api.register("friend_race");
    assertFollows(api.follow(friend, fan));
    String original = api.tweetId(author, "retweet me, or don't");
    String retweetPath = "/api/v1/tweets/" + original + "/retweet";
    String engagementId = Engagement.entityId(Long.parseLong(fan.id()), Long.parseLong(original));

    for (int round = 0; round < ROUNDS; round++) {
      var responses =
          atOnce(
              shuffled(
                  () -> api.postJson(retweetPath, fan.token(), Map.of()),
                  () -> api.delete(retweetPath, fan.token())));
      for (var response : responses) {
        assertStatusIn(Set.of(200, 201, 204), response);
      }

      var events = events(Engagement.ENTITY_KEY, engagementId);
      var retweetIds = new ArrayList<String>();
      String live = null;
      for (Object event : events) {
        if (event instanceof Engagement.Retweeted retweeted) {
          live = Long.toString(retweeted.retweetId());
          retweetIds.add(live);
        } else if (event instanceof Engagement.RetweetUndone) {
          live = null;
        }
      }
      String expected = live;
      String at = "round " + round + ", live retweet " + expected + ", events " + events;

      // every fast-path write of the round is done, and the newest version wins: no waiting
      var seenByFan = tweet(original, fan);
      assertEquals(200, seenByFan.status(), () -> seenByFan.raw().body());
      assertEquals(expected == null ? 0 : 1, seenByFan.json().get("retweet_count").asLong(), at);
      assertEquals(expected != null, seenByFan.json().get("retweeted").asBoolean(), at);
      List<String> wanted = expected == null ? List.of() : List.of(expected);
      eventually(() -> ids("/api/v1/users/" + fan.id() + "/tweets", fan), wanted::equals);
      eventually(() -> ids("/api/v1/home_timeline", friend), wanted::equals);
      eventually(() -> count(fan, fan, "tweet_count"), n -> n == wanted.size());
      for (String retweetId : retweetIds) {
        int status = retweetId.equals(expected) ? 200 : 404;
        eventually(() -> tweet(retweetId, friend).status(), s -> s == status);
      }
    }
  }

  @Test
  void followUnfollowAndBlockRaceOnOnePairEndsInOneAllowedStateEveryReadModelAgreesOn()
      throws Exception {
    var reader = api.register("reader_race");
    var writer = api.register("writer_race");
    String writerTweet = api.tweetId(writer, "followed, unfollowed, blocked");
    long readerId = Long.parseLong(reader.id());
    long writerId = Long.parseLong(writer.id());
    String followPath = "/api/v1/users/" + writer.id() + "/follow";
    String blockPath = "/api/v1/users/" + reader.id() + "/block";

    for (int round = 0; round < ROUNDS; round++) {
      // each round starts from a follow, so a block in the race has a follow to end
      var unblocked = api.delete(blockPath, writer.token());
      assertEquals(200, unblocked.status(), () -> unblocked.raw().body());
      assertFollows(api.follow(reader, writer));
      Supplier<ApiClient.Response> follow =
          () -> api.postJson(followPath, reader.token(), Map.of());
      Supplier<ApiClient.Response> unfollow = () -> api.delete(followPath, reader.token());
      Supplier<ApiClient.Response> block = () -> api.postJson(blockPath, writer.token(), Map.of());
      Supplier<ApiClient.Response> unblock = () -> api.delete(blockPath, writer.token());
      // alternately with an unfollow and an unblock, and with the block alone ending the follow
      var calls =
          new ArrayList<>(
              round % 2 == 0
                  ? List.of(follow, unfollow, block, unblock)
                  : List.of(follow, follow, block));
      Collections.shuffle(calls, random);
      for (var response : atOnce(calls)) {
        // a follow the entity saw after the block is refused
        assertStatusIn(Set.of(200, 403), response);
      }

      boolean following = false;
      boolean blocked = false;
      var events = events(Relationship.ENTITY_KEY, Relationship.entityId(readerId, writerId));
      for (Object event : events) {
        if (event instanceof Relationship.FollowStarted e && e.followerId() == readerId) {
          following = true;
        } else if (event instanceof Relationship.FollowEnded e && e.followerId() == readerId) {
          following = false;
        } else if (event instanceof Relationship.Blocked) {
          following = false;
          blocked = true;
        } else if (event instanceof Relationship.Unblocked) {
          blocked = false;
        }
      }
      assertFalse(following && blocked, "the entity let a blocked user follow: " + events);
      boolean follows = following;
      boolean blocks = blocked;
      long edges = follows ? 1 : 0;
      List<String> followed = follows ? List.of(reader.id()) : List.of();
      List<String> followees = follows ? List.of(writer.id()) : List.of();

      String at = "round " + round + ", events " + events;
      // every fast-path write of the round is done, and the newest version wins: no waiting
      assertEquals(followed, ids("/api/v1/users/" + writer.id() + "/followers", writer), at);
      assertEquals(followees, ids("/api/v1/users/" + reader.id() + "/following", reader), at);
      assertEquals(edges, count(writer, writer, "followers_count"), at);
      assertEquals(edges, count(reader, reader, "following_count"), at);
      eventually(
          () -> ids("/api/v1/home_timeline", reader).contains(writerTweet),
          seen -> seen == follows);
      eventually(() -> tweet(writerTweet, reader).status(), s -> s == (blocks ? 404 : 200));
      eventually(
          () -> ids("/api/v1/users/" + writer.id() + "/tweets", reader).isEmpty(),
          hidden -> hidden == blocks);
    }
  }

  @Test
  void likeAndUnlikeStormByOneUserEndsWithTheEntitysLastWordAndAnExactCount() throws Exception {
    var author = api.register("liked_race");
    var fan = api.register("liker_race");
    String tweetId = api.tweetId(author, "like, unlike, like");
    String likePath = "/api/v1/tweets/" + tweetId + "/like";
    String engagementId = Engagement.entityId(Long.parseLong(fan.id()), Long.parseLong(tweetId));

    for (int round = 0; round < ROUNDS; round++) {
      var responses =
          atOnce(
              shuffled(
                  () -> api.postJson(likePath, fan.token(), Map.of()),
                  () -> api.delete(likePath, fan.token())));
      for (var response : responses) {
        assertEquals(200, response.status(), () -> response.raw().body());
        long reported = response.json().get("like_count").asLong();
        assertTrue(reported == 0 || reported == 1, () -> response.raw().body());
      }

      boolean liked = false;
      for (Object event : events(Engagement.ENTITY_KEY, engagementId)) {
        if (event instanceof Engagement.Liked) {
          liked = true;
        } else if (event instanceof Engagement.Unliked) {
          liked = false;
        }
      }
      boolean expected = liked;
      String at = "round " + round;
      // every fast-path write of the round is done, and the newest version wins: no waiting
      for (var reader : List.of(fan, author)) {
        var seen = tweet(tweetId, reader);
        assertEquals(200, seen.status(), () -> seen.raw().body());
        assertEquals(expected ? 1 : 0, seen.json().get("like_count").asLong(), at);
        if (reader == fan) {
          assertEquals(expected, seen.json().get("liked").asBoolean(), at);
        }
      }
    }
  }
}
