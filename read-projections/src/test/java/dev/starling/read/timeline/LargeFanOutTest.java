package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.testing.ReadSideEvents;
import dev.starling.read.testing.ReadSideFixture;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A large fan-out (an author below the celebrity threshold with many followers) is served a page at
 * a time, so another author's delivery never queues behind it. Pages are shrunk to two followers,
 * so 400 followers make a fan-out of 200 pages, each a Cassandra round trip or three.
 */
@ExtendWith(RealServersExtension.class)
class LargeFanOutTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static final int FOLLOWERS = 400;
  private static ReadSideFixture fixture;
  private static ReadSide readSide;
  private static ReadSideEvents events;

  @BeforeAll
  static void setUp() {
    String timelines = "starling.read-side.timelines.";
    fixture =
        new ReadSideFixture(
            LargeFanOutTest.class,
            Map.of(
                timelines + "fan-out.page-size",
                2,
                timelines + "celebrities.threshold",
                1_000_000,
                timelines + "popular.nearly-empty",
                0));
    readSide = fixture.readSide();
    events = new ReadSideEvents(readSide, AT, 3_000_000);
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  private static boolean stored(long reader, long tweetId) {
    return ReadSideEvents.join(
            readSide
                .cql()
                .one(
                    readSide
                        .cql()
                        .prepare(
                            "SELECT tweet_id FROM ${keyspace}.home_timeline"
                                + " WHERE user_id = ? AND tweet_id = ?"),
                    row -> row.getLong(0),
                    reader,
                    tweetId))
        .isPresent();
  }

  @Test
  void anotherAuthorsTweetIsDeliveredWhileALargeFanOutIsStillUnderWay() throws Exception {
    long large = events.user("large_author");
    var crowd = new ArrayList<Long>();
    for (int i = 0; i < FOLLOWERS; i++) {
      long follower = events.user("crowd" + i);
      events.follow(follower, large, true);
      crowd.add(follower);
    }
    long small = events.user("small_author");
    long reader = events.user("small_reader");
    events.follow(reader, small, true);
    var writer = readSide.timelineWriter();
    var largeTweet = events.tweet(large, Visibility.PUBLIC, null);
    var smallTweet = events.tweet(small, Visibility.PUBLIC, null);

    // the fast path: each author's views, then the fan-outs, not awaited
    ReadSideEvents.join(writer.recordForAuthor(largeTweet));
    ReadSideEvents.join(writer.recordForAuthor(smallTweet));
    long before = readSide.deliveriesWritten();
    long started = System.nanoTime();
    writer.startFanOut(largeTweet);
    writer.startFanOut(smallTweet);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!stored(reader, smallTweet.tweetId())) {
      assertTrue(System.nanoTime() < deadline, "the small author's tweet never arrived");
      Thread.sleep(5);
    }
    long waited = System.nanoTime() - started;
    // followers are served newest first: the oldest is the last the large fan-out reaches
    assertTrue(
        !stored(crowd.get(0), largeTweet.tweetId()),
        "the small author's delivery waited for the whole large fan-out");
    System.out.printf(
        "LargeFanOutTest: the small author's tweet arrived after %d ms, with %d of %d followers"
            + " of the large fan-out served%n",
        waited / 1_000_000,
        crowd.stream().filter(f -> stored(f, largeTweet.tweetId())).count(),
        FOLLOWERS);

    // the backstop waits for the large fan-out, which reaches every follower once
    ReadSideEvents.join(writer.onPosted(largeTweet));
    List<Long> missing = crowd.stream().filter(f -> !stored(f, largeTweet.tweetId())).toList();
    assertEquals(List.of(), missing);
    assertEquals(FOLLOWERS + 1, readSide.deliveriesWritten() - before, "rows written");
  }
}
