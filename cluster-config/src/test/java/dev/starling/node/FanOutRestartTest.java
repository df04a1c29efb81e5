package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fan-out served one follower per page, one page at a time, so that a tweet's fan-out is a long run
 * of stored steps: a node restart cuts it short, and the restarted node must finish it without
 * losing or doubling a delivery. A follow made while a fan-out runs is served by the follow's
 * back-fill.
 */
@ExtendWith(RealServersExtension.class)
class FanOutRestartTest {
  private static final int FOLLOWERS = 40;
  private static final int TWEETS = 3;
  private static final int BACKFILL = 5;

  private static NodeFixture node;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            FanOutRestartTest.class,
            Map.of(
                "starling.read-side.timelines.fan-out.page-size", 1,
                "starling.read-side.timelines.fan-out.pages-in-flight", 1,
                "starling.read-side.timelines.deliveries.parallelism", 1,
                "starling.read-side.timelines.deliveries.group-size", 1,
                "starling.read-side.timelines.follow-backfill", BACKFILL));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> home(ApiClient api, ApiClient.Account reader) {
    return api.itemIds("/api/v1/home_timeline?limit=100", reader);
  }

  /** The stored home timeline rows of {@code reader} among {@code tweets}, counted. */
  private static int stored(StoredRows rows, ApiClient.Account reader, List<String> tweets) {
    return (int)
        rows
            .query(
                "SELECT tweet_id FROM ${keyspace}.home_timeline WHERE user_id = ?",
                Long.parseLong(reader.id()))
            .stream()
            .filter(row -> tweets.contains(Long.toString(row.getLong("tweet_id"))))
            .count();
  }

  @Test
  void aFanOutCutShortByARestartReachesEveryFollowerExactlyOnce() {
    var api = node.client();
    var author = api.register("fo_author");
    var followers = new ArrayList<ApiClient.Account>();
    for (int i = 0; i < FOLLOWERS; i++) {
      var follower = api.register("fo_f" + i);
      api.follows(follower, author);
      followers.add(follower);
    }
    var tweets = new ArrayList<String>();
    for (int i = 0; i < TWEETS; i++) {
      tweets.add(0, api.tweetId(author, "to every follower " + i));
    }
    int[] deliveredBeforeRestart = {0};
    node.restart(
        () -> {
          try (var rows = new StoredRows(node.keyspace())) {
            for (var follower : followers) {
              deliveredBeforeRestart[0] += stored(rows, follower, tweets);
            }
          }
        });
    assertTrue(
        deliveredBeforeRestart[0] < FOLLOWERS * TWEETS,
        "every delivery was made before the restart: it cut nothing short");

    var after = node.client();
    for (var follower : followers) {
      var home =
          Eventually.within(
              Eventually.BOUND, () -> home(after, follower), ids -> ids.containsAll(tweets));
      for (String tweet : tweets) {
        assertEquals(1, Collections.frequency(home, tweet), () -> follower.handle() + ": " + home);
      }
    }
    try (var rows = new StoredRows(node.keyspace())) {
      for (var follower : followers) {
        assertEquals(TWEETS, stored(rows, follower, tweets), follower.handle());
      }
      for (String tweet : tweets) {
        var progress =
            rows.query(
                "SELECT done FROM ${keyspace}.fan_out WHERE tweet_id = ? AND direction = 'ADD'",
                Long.parseLong(tweet));
        assertEquals(1, progress.size(), tweet);
        assertTrue(progress.get(0).getBoolean("done"), tweet);
      }
    }
  }

  /**
   * A follow made while the author's newest tweet is still being fanned out page by page: the
   * follow's back-fill brings the newest {@value #BACKFILL} tweets, and whatever the fan-out also
   * delivers shows once.
   */
  @Test
  void aFollowDuringAPagedFanOutIsBackFilledWithTheNewestTweetsOnce() {
    var api = node.client();
    var author = api.register("bf_author");
    for (int i = 0; i < FOLLOWERS; i++) {
      api.follows(api.register("bf_f" + i), author);
    }
    var tweets = new ArrayList<String>();
    for (int i = 0; i < BACKFILL + 2; i++) {
      tweets.add(0, api.tweetId(author, "back-fill " + i));
    }
    var late = api.register("bf_late");
    api.follows(late, author);

    var newest = tweets.subList(0, BACKFILL);
    var home =
        Eventually.within(Eventually.BOUND, () -> home(api, late), ids -> ids.containsAll(newest));
    assertEquals(newest, home.subList(0, BACKFILL), home::toString);
    for (String tweet : tweets) {
      assertTrue(Collections.frequency(home, tweet) <= 1, () -> tweet + " twice: " + home);
    }
  }
}
