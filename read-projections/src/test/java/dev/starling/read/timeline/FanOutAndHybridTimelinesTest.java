package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.testing.ReadSideEvents;
import dev.starling.read.testing.ReadSideFixture;
import dev.starling.tweet.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fan-out on write, fan-in at read time for celebrities, and what keeps stored timelines bounded,
 * against the real Cassandra. Settings are shrunk so each rule shows with a handful of users: two
 * followers per page, more than five followers make a celebrity, ten entries per stored timeline;
 * and no popular tweets top up short pages ({@code ColdStartTest} covers those).
 */
@ExtendWith(RealServersExtension.class)
class FanOutAndHybridTimelinesTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static final int CAP = 10;
  private static final int CELEBRITY_ABOVE = 5;
  private static ReadSideFixture fixture;
  private static ReadSide readSide;
  private static ReadSideEvents events;

  @BeforeAll
  static void setUp() {
    String timelines = "starling.read-side.timelines.";
    fixture =
        new ReadSideFixture(
            FanOutAndHybridTimelinesTest.class,
            Map.of(
                timelines + "fan-out.page-size",
                2,
                timelines + "home-cap",
                CAP,
                timelines + "deliveries.trim-every",
                1,
                timelines + "celebrities.threshold",
                CELEBRITY_ABOVE,
                timelines + "celebrities.hysteresis",
                0,
                timelines + "celebrities.grace",
                "0s",
                timelines + "celebrities.refresh-interval",
                "0s",
                timelines + "popular.nearly-empty",
                0));
    readSide = fixture.readSide();
    events = new ReadSideEvents(readSide, AT, 2_000_000);
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  /** What is stored for the reader, not what a page shows. */
  private static List<Long> stored(long reader) {
    return ReadSideEvents.join(
        readSide
            .cql()
            .list(
                readSide
                    .cql()
                    .prepare("SELECT tweet_id FROM ${keyspace}.home_timeline WHERE user_id = ?"),
                row -> row.getLong(0),
                reader));
  }

  private static List<Long> home(long reader) {
    return ReadSideEvents.join(readSide.homeTimeline().page(reader, Long.MAX_VALUE, 100))
        .items()
        .stream()
        .map(view -> view.tweet().tweetId())
        .toList();
  }

  @Test
  void aFollowDeliveredAgainRestoresABackfillTheFirstDeliveryLost() {
    long author = events.user("bf_author");
    long reader = events.user("bf_reader");
    var tweet = events.post(author, Visibility.PUBLIC);
    long version = events.nextVersion();
    ReadSideEvents.join(readSide.followUpdater().apply(reader, author, true, version, AT));
    assertEquals(List.of(tweet.tweetId()), stored(reader));
    // as if the first attempt had died after the edge write, before the back-fill
    ReadSideEvents.join(
        readSide
            .cql()
            .run(
                readSide.cql().prepare("DELETE FROM ${keyspace}.home_timeline WHERE user_id = ?"),
                reader));

    // a client's retry or the projection delivers the same event again
    ReadSideEvents.join(readSide.followUpdater().apply(reader, author, true, version, AT));

    assertEquals(List.of(tweet.tweetId()), stored(reader));
  }

  @Test
  void aSupersededFollowBackfillsNothing() {
    long author = events.user("sup_author");
    long reader = events.user("sup_reader");
    events.post(author, Visibility.PUBLIC);
    long followed = events.nextVersion();
    long unfollowed = events.nextVersion();
    ReadSideEvents.join(readSide.followUpdater().apply(reader, author, false, unfollowed, AT));

    ReadSideEvents.join(readSide.followUpdater().apply(reader, author, true, followed, AT));

    assertEquals(List.of(), stored(reader));
  }

  @Test
  void everyFollowerIsServedPageByPageAndTheBackstopWritesNothingAgain() {
    long author = events.user("fo_author");
    var followers = followers(author, CELEBRITY_ABOVE, "fo_f");
    var tweet = events.post(author, Visibility.PUBLIC);
    long written = readSide.deliveriesWritten();

    ReadSideEvents.join(readSide.timelineWriter().onPosted(tweet));

    assertEquals(written, readSide.deliveriesWritten(), "the backstop confirmed, wrote nothing");
    for (long follower : followers) {
      assertEquals(List.of(tweet.tweetId()), stored(follower));
    }
  }

  @Test
  void theBackstopOfAPostTheFastPathServedWritesNothing() {
    long author = events.user("fast_author");
    var followers = followers(author, CELEBRITY_ABOVE, "fast_f");
    var tweet = events.tweet(author, Visibility.PUBLIC, null);
    var writer = readSide.timelineWriter();
    // the fast path: the author's views, then the fan-out, not awaited
    ReadSideEvents.join(writer.recordForAuthor(tweet));
    writer.startFanOut(tweet);
    awaitFanOutDone(tweet.tweetId());
    var before = readSide.cql().statementsSentByKind();

    ReadSideEvents.join(writer.onPosted(tweet));

    var after = readSide.cql().statementsSentByKind();
    var written =
        after.entrySet().stream()
            .filter(sent -> !sent.getKey().verb().equals("select"))
            .filter(sent -> sent.getValue() > before.getOrDefault(sent.getKey(), 0L))
            .map(Map.Entry::getKey)
            .toList();
    assertEquals(List.of(), written, "statements the backstop wrote");
    for (long follower : followers) {
      assertEquals(List.of(tweet.tweetId()), stored(follower));
    }
  }

  private static void awaitFanOutDone(long tweetId) {
    var query =
        readSide
            .cql()
            .prepare(
                "SELECT done FROM ${keyspace}.fan_out WHERE tweet_id = ? AND direction = 'ADD'");
    ReadSideEvents.await(
        () ->
            ReadSideEvents.join(readSide.cql().one(query, row -> row.getBoolean(0), tweetId))
                .orElse(false),
        Duration.ofSeconds(10),
        () -> "the fan-out of " + tweetId + " never finished");
  }

  @Test
  void aFanOutCutShortResumesWhereItStopped() {
    long author = events.user("cut_author");
    var followers = followers(author, CELEBRITY_ABOVE, "cut_f");
    var tweet = events.tweet(author, Visibility.PUBLIC, null);
    // as if a node died after serving the two newest followers (followers go newest first)
    long servedDownTo = followers.get(3);
    ReadSideEvents.join(
        readSide
            .cql()
            .run(
                readSide
                    .cql()
                    .prepare(
                        "UPDATE ${keyspace}.fan_out SET next_follower = ?, done = false"
                            + " WHERE tweet_id = ? AND direction = 'ADD'"),
                servedDownTo,
                tweet.tweetId()));

    ReadSideEvents.join(readSide.timelineWriter().onPosted(tweet));

    for (int i = 0; i < 3; i++) {
      assertEquals(List.of(tweet.tweetId()), stored(followers.get(i)), "follower " + i);
    }
    for (int i = 3; i < 5; i++) {
      assertEquals(List.of(), stored(followers.get(i)), "served before the crash: " + i);
    }
  }

  /** {@code count} new users following {@code author}. */
  private static List<Long> followers(long author, int count, String prefix) {
    var followers = new ArrayList<Long>();
    for (int i = 0; i < count; i++) {
      long follower = events.user(prefix + i);
      events.follow(follower, author, true);
      followers.add(follower);
    }
    return followers;
  }

  /**
   * Waits until the era the last follower count change started (or ended) is recorded: the count is
   * applied first and the era follows it asynchronously.
   */
  private static void awaitCelebrity(long userId, boolean current) {
    var query =
        readSide
            .cql()
            .prepare("SELECT until FROM ${keyspace}.celebrities WHERE bucket = 0 AND user_id = ?");
    ReadSideEvents.await(
        () ->
            ReadSideEvents.join(readSide.cql().one(query, row -> row.isNull(0), userId))
                .filter(era -> era == current)
                .isPresent(),
        Duration.ofSeconds(10),
        () -> "celebrity era of " + userId + " not recorded");
  }

  @Test
  void aCelebritysTweetsAreMergedAtReadTimeInsteadOfFannedOut() {
    long star = events.user("cel_star");
    var fans = followers(star, CELEBRITY_ABOVE + 1, "cel_fan");
    awaitCelebrity(star, true);
    var tweet = events.post(star, Visibility.PUBLIC);

    for (long fan : fans) {
      assertEquals(List.of(), stored(fan), "not fanned out");
      assertEquals(List.of(tweet.tweetId()), home(fan), "merged at read time");
    }
  }

  @Test
  void crossingTheThresholdEitherWayLeavesNoGapAndNoDuplicate() {
    long author = events.user("cross_author");
    var fans = followers(author, CELEBRITY_ABOVE, "cross_fan");
    long reader = fans.get(0);
    var beforeEra = events.post(author, Visibility.PUBLIC);
    long last = events.user("cross_last");
    events.follow(last, author, true);
    awaitCelebrity(author, true);
    var inEra = events.post(author, Visibility.PUBLIC);
    events.follow(last, author, false);
    events.follow(fans.get(1), author, false);
    awaitCelebrity(author, false);
    var afterEra = events.post(author, Visibility.PUBLIC);

    assertEquals(List.of(afterEra.tweetId(), beforeEra.tweetId()), stored(reader));
    assertEquals(List.of(afterEra.tweetId(), inEra.tweetId(), beforeEra.tweetId()), home(reader));
  }

  @Test
  void storedHomeTimelinesAreTrimmedToTheirCap() {
    long author = events.user("cap_author");
    long reader = events.user("cap_reader");
    events.follow(reader, author, true);
    var posted = new ArrayList<Long>();
    for (int i = 0; i < 3 * CAP; i++) {
      posted.add(events.post(author, Visibility.PUBLIC).tweetId());
    }

    Collections.reverse(posted);
    assertEquals(posted.subList(0, CAP), stored(reader));
  }

  @Test
  void aDeletedTweetLeavesItsFollowersStoredTimelines() {
    long author = events.user("del_author");
    long reader = events.user("del_reader");
    events.follow(reader, author, true);
    var kept = events.post(author, Visibility.PUBLIC);
    var doomed = events.post(author, Visibility.PUBLIC);
    assertEquals(List.of(doomed.tweetId(), kept.tweetId()), home(reader));

    ReadSideEvents.join(readSide.timelineWriter().onDeleted(doomed));

    assertEquals(List.of(kept.tweetId()), stored(reader));
    assertEquals(List.of(kept.tweetId()), home(reader));
  }

  @Test
  void aTweetFannedOutBeforeItsAuthorBecameACelebrityLeavesStoredTimelinesWhenDeleted() {
    long author = events.user("late_star");
    var fans = followers(author, CELEBRITY_ABOVE, "late_fan");
    var fannedOut = events.post(author, Visibility.PUBLIC);
    events.follow(events.user("late_last"), author, true);
    awaitCelebrity(author, true);
    var merged = events.post(author, Visibility.PUBLIC);
    for (long fan : fans) {
      assertEquals(List.of(fannedOut.tweetId()), stored(fan));
    }

    long written = readSide.deliveriesWritten();
    ReadSideEvents.join(readSide.timelineWriter().onDeleted(merged));
    assertEquals(written, readSide.deliveriesWritten(), "a merged tweet has no rows to take out");
    ReadSideEvents.join(readSide.timelineWriter().onDeleted(fannedOut));

    for (long fan : fans) {
      assertEquals(List.of(), stored(fan), "fan " + fan);
      assertEquals(List.of(), home(fan), "fan " + fan);
    }
  }

  @Test
  void aMuteOrABlockTakesTheAuthorOutOfTheStoredTimelineAndAnUnmuteBringsThemBack() {
    long muted = events.user("mb_muted");
    long blocked = events.user("mb_blocked");
    long reader = events.user("mb_reader");
    events.follow(reader, muted, true);
    events.follow(reader, blocked, true);
    var fromMuted = events.post(muted, Visibility.PUBLIC);
    var fromBlocked = events.post(blocked, Visibility.PUBLIC);
    assertEquals(List.of(fromBlocked.tweetId(), fromMuted.tweetId()), stored(reader));
    var relationships = readSide.relationshipUpdater();

    ReadSideEvents.join(relationships.applyMute(reader, muted, true, events.nextVersion(), AT));
    assertEquals(List.of(fromBlocked.tweetId()), stored(reader));
    ReadSideEvents.join(relationships.applyMute(reader, muted, false, events.nextVersion(), AT));
    assertEquals(List.of(fromBlocked.tweetId(), fromMuted.tweetId()), stored(reader));

    ReadSideEvents.join(relationships.applyBlock(reader, blocked, true, events.nextVersion(), AT));
    assertEquals(List.of(fromMuted.tweetId()), stored(reader));
    assertEquals(List.of(fromMuted.tweetId()), home(reader));
  }

  @Test
  void anUnfollowTakesTheAuthorOutOfTheStoredAndTheInMemoryTimeline() {
    long author = events.user("unf_author");
    long other = events.user("unf_other");
    long reader = events.user("unf_reader");
    events.follow(reader, author, true);
    events.follow(reader, other, true);
    var gone = events.post(author, Visibility.PUBLIC);
    var staying = events.post(other, Visibility.PUBLIC);
    assertEquals(List.of(staying.tweetId(), gone.tweetId()), home(reader));

    events.follow(reader, author, false);

    assertEquals(List.of(staying.tweetId()), stored(reader));
    assertEquals(List.of(staying.tweetId()), home(reader));
  }
}
