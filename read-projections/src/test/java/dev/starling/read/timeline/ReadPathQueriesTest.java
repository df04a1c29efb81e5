package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.notification.Notification;
import dev.starling.read.notification.NotificationRepository;
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
 * The read path against the real Cassandra: what pages cost in statements, and the visibility
 * policy applied by every query. Events are applied through the same updaters the fast path and the
 * projections use.
 */
@ExtendWith(RealServersExtension.class)
class ReadPathQueriesTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static ReadSideFixture fixture;
  private static ReadSide readSide;
  private static ReadSideEvents events;

  @BeforeAll
  static void setUp() {
    // caches that age out only between tests: a slow machine must not turn a warm page cold
    fixture =
        new ReadSideFixture(
            ReadPathQueriesTest.class,
            Map.of(
                "starling.read-side.engagement-cache-ttl", "1m",
                "starling.read-side.tweet-cache-ttl", "1m",
                "starling.read-side.reader-cache-ttl", "1m",
                // alone in its cluster from the start: memory holds every timeline write
                "starling.read-side.timelines.peers-margin", "0s",
                "starling.read-side.timelines.hot-homes.sync-interval", "1m",
                "starling.read-side.timelines.hot-authors.sync-interval", "1m",
                "starling.read-side.timelines.celebrities.refresh-interval", "1m"));
    readSide = fixture.readSide();
    events = new ReadSideEvents(readSide, AT, 1_000_000);
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  private static List<Long> home(long reader) {
    return ids(ReadSideEvents.join(readSide.homeTimeline().page(reader, Long.MAX_VALUE, 100)));
  }

  private static List<Long> ids(TweetPage page) {
    return page.items().stream().map(view -> view.tweet().tweetId()).toList();
  }

  @Test
  void aPageCostsTheSameStatementsWhateverItsSizeAndAWarmPageNoneOnANodeAlone() {
    long author = events.user("cost_author");
    long retweeter = events.user("cost_rt");
    var readers = readersFollowing("cost_reader", 3, author, retweeter);
    for (int i = 0; i < 120; i++) {
      var tweet = events.post(author, Visibility.PUBLIC);
      if (i % 10 == 0) {
        events.retweet(retweeter, tweet);
      }
    }

    // the first page anyone reads finds every cache cold
    long coldest = statementsOf(readers.get(0), 100);
    // the next readers find the tweets, counts and authors warm, but nothing of their own: the
    // same state for both, so only the page size differs
    long small = statementsOf(readers.get(1), 20);
    long large = statementsOf(readers.get(2), 100);
    long warm = statementsOf(readers.get(1), 20);

    assertTrue(coldest <= 16, "the coldest page cost " + coldest + " statements");
    assertEquals(small, large, "limit=20 and limit=100 cost the same");
    assertEquals(0, warm, "a warm page on a node alone in its cluster costs no statement");
  }

  @Test
  void theReadersFlagsAreAskedOnlyForTweetsSomeoneLikedOrRetweeted() {
    long author = events.user("flag_author");
    long liker = events.user("flag_liker");
    var readers = readersFollowing("flag_reader", 3, author);
    events.follow(liker, author, true);
    var tweets = new ArrayList<Long>();
    for (int i = 0; i < 10; i++) {
      tweets.add(events.post(author, Visibility.PUBLIC).tweetId());
    }
    long liked = tweets.get(3);

    // tweets, counts and the author warm; each measured reader new to the node, nothing else
    statementsOf(readers.get(0), 10);
    long nobodyEngaged = statementsOf(readers.get(1), 10);
    ReadSideEvents.join(
        readSide.engagementUpdater().applyLike(liker, liked, true, events.nextVersion(), AT));
    statementsOf(readers.get(0), 10);
    long oneLiked = statementsOf(readers.get(2), 10);

    assertEquals(
        nobodyEngaged + 2,
        oneLiked,
        "the flags (one query per kind) are asked only once a tweet on the page has a like");
    var likersPage =
        ReadSideEvents.join(readSide.homeTimeline().page(liker, Long.MAX_VALUE, 10)).items();
    for (var view : likersPage) {
      assertEquals(view.tweet().tweetId() == liked, view.flags().liked(), "liked flag");
      assertFalse(view.flags().retweeted());
    }
  }

  /** {@code count} new users, each following every one of {@code authors}. */
  private static List<Long> readersFollowing(String handlePrefix, int count, long... authors) {
    var readers = new ArrayList<Long>();
    for (int i = 0; i < count; i++) {
      long reader = events.user(handlePrefix + i);
      for (long author : authors) {
        events.follow(reader, author, true);
      }
      readers.add(reader);
    }
    return readers;
  }

  /** The statements one home timeline page of {@code limit} costs. */
  private static long statementsOf(long reader, int limit) {
    long before = fixture.statementsSent();
    var page = ReadSideEvents.join(readSide.homeTimeline().page(reader, Long.MAX_VALUE, limit));
    assertEquals(limit, page.items().size());
    return fixture.statementsSent() - before;
  }

  @Test
  void aMutedAuthorDisappearsFromTheHomeTimelineRetweetsIncludedButNotFromTheirProfile() {
    long muted = events.user("mute_author");
    long friend = events.user("mute_friend");
    long reader = events.user("mute_reader");
    events.follow(reader, muted, true);
    events.follow(reader, friend, true);
    var tweet = events.post(muted, Visibility.PUBLIC);
    var retweet = events.retweet(friend, tweet);
    var own = events.post(friend, Visibility.PUBLIC);
    assertEquals(List.of(own.tweetId(), retweet.tweetId(), tweet.tweetId()), home(reader));

    ReadSideEvents.join(
        readSide.relationshipUpdater().applyMute(reader, muted, true, events.nextVersion(), AT));

    assertEquals(List.of(own.tweetId()), home(reader));
    assertEquals(
        List.of(tweet.tweetId()),
        ids(ReadSideEvents.join(readSide.userTimeline().page(reader, muted, Long.MAX_VALUE, 20))));
  }

  @Test
  void aFollowersOnlyTweetIsSeenByFollowersOnlyAndAccessEndsOnUnfollow() {
    long author = events.user("fo_author");
    long follower = events.user("fo_follower");
    long stranger = events.user("fo_stranger");
    events.follow(follower, author, true);
    var secret = events.post(author, Visibility.FOLLOWERS);

    assertTrue(ReadSideEvents.join(readSide.tweets().byId(follower, secret.tweetId())).isPresent());
    assertTrue(ReadSideEvents.join(readSide.tweets().byId(stranger, secret.tweetId())).isEmpty());
    assertEquals(
        List.of(),
        ids(
            ReadSideEvents.join(
                readSide.userTimeline().page(stranger, author, Long.MAX_VALUE, 20))));
    assertEquals(List.of(secret.tweetId()), home(follower));

    events.follow(follower, author, false);

    assertTrue(ReadSideEvents.join(readSide.tweets().byId(follower, secret.tweetId())).isEmpty());
    assertEquals(List.of(), home(follower));
  }

  @Test
  void aBlockHidesTweetsRepliesAndRetweetsBothWays() {
    long blocker = events.user("bl_blocker");
    long blocked = events.user("bl_blocked");
    long retweeter = events.user("bl_rt");
    var blockedTweet = events.post(blocked, Visibility.PUBLIC);
    var blockerTweet = events.post(blocker, Visibility.PUBLIC);
    events.follow(blocker, retweeter, true);
    var retweet = events.retweet(retweeter, blockedTweet);
    assertTrue(home(blocker).contains(retweet.tweetId()));

    ReadSideEvents.join(
        readSide
            .relationshipUpdater()
            .applyBlock(blocker, blocked, true, events.nextVersion(), AT));

    assertTrue(
        ReadSideEvents.join(readSide.tweets().byId(blocker, blockedTweet.tweetId())).isEmpty());
    assertTrue(
        ReadSideEvents.join(readSide.tweets().byId(blocked, blockerTweet.tweetId())).isEmpty());
    assertTrue(
        ReadSideEvents.join(readSide.tweets().replies(blocked, blockerTweet.tweetId(), 0, 20))
            .isEmpty());
    assertFalse(home(blocker).contains(retweet.tweetId()));
  }

  @Test
  void aRetweetWhoseOriginalWasDeletedIsNotShown() {
    long author = events.user("del_author");
    long retweeter = events.user("del_rt");
    long reader = events.user("del_reader");
    events.follow(reader, retweeter, true);
    var original = events.post(author, Visibility.PUBLIC);
    var retweet = events.retweet(retweeter, original);
    assertEquals(List.of(retweet.tweetId()), home(reader));

    ReadSideEvents.join(readSide.timelineWriter().onDeleted(original));

    assertEquals(List.of(), home(reader));
    assertTrue(ReadSideEvents.join(readSide.tweets().byId(reader, retweet.tweetId())).isEmpty());
  }

  @Test
  void notificationsByMutedOrBlockedUsersOrAboutHiddenTweetsAreNotShown() {
    long reader = events.user("nt_reader");
    long friend = events.user("nt_friend");
    long muted = events.user("nt_muted");
    long blocked = events.user("nt_blocked");
    var mine = events.post(reader, Visibility.PUBLIC);
    var hiddenReply = events.post(friend, Visibility.FOLLOWERS);
    var store = new NotificationRepository(readSide.cql());
    ReadSideEvents.join(
        store.save(
            List.of(
                new Notification(reader, 1, Notification.Type.LIKE, friend, mine.tweetId(), AT),
                new Notification(reader, 2, Notification.Type.LIKE, muted, mine.tweetId(), AT),
                new Notification(reader, 3, Notification.Type.FOLLOW, blocked, null, AT),
                new Notification(
                    reader, 4, Notification.Type.REPLY, friend, hiddenReply.tweetId(), AT))));
    ReadSideEvents.join(
        readSide.relationshipUpdater().applyMute(reader, muted, true, events.nextVersion(), AT));
    ReadSideEvents.join(
        readSide.relationshipUpdater().applyBlock(blocked, reader, true, events.nextVersion(), AT));

    var page = ReadSideEvents.join(readSide.notifications().page(reader, Long.MAX_VALUE, 20));

    assertEquals(
        List.of(1L),
        page.items().stream().map(view -> view.notification().notificationId()).toList());
    assertEquals("nt_friend", page.items().get(0).actor().orElseThrow().handle());
  }
}
