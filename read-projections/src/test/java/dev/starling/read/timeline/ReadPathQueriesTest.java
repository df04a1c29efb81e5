package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.notification.Notification;
import dev.starling.read.notification.NotificationRepository;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.testing.ReadSideFixture;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final AtomicLong ids = new AtomicLong(1_000_000);
  private static final AtomicLong versions = new AtomicLong(1);
  private static ReadSideFixture fixture;
  private static ReadSide readSide;

  @BeforeAll
  static void setUp() {
    fixture = new ReadSideFixture(ReadPathQueriesTest.class);
    readSide = fixture.readSide();
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static long user(String handle) {
    long id = ids.incrementAndGet();
    join(
        readSide
            .accountsUpdater()
            .apply(new User.Activated(new Profile(id, handle, handle, null, null, AT))));
    return id;
  }

  private static void follow(long follower, long followee, boolean following) {
    join(
        readSide
            .followUpdater()
            .apply(follower, followee, following, versions.incrementAndGet(), AT));
  }

  private static TweetData post(long author, Visibility visibility) {
    return publish(author, visibility, null);
  }

  private static TweetData retweet(long by, TweetData original) {
    return publish(by, Visibility.PUBLIC, original.tweetId());
  }

  /** Applies a post as the fast path does: the author's views, then the fan-out. */
  private static TweetData publish(long author, Visibility visibility, Long retweetOf) {
    long id = ids.incrementAndGet();
    String text = retweetOf == null ? "tweet " + id : "";
    var tweet =
        new TweetData(
            id,
            author,
            text,
            visibility,
            null,
            null,
            retweetOf,
            List.of(),
            List.of(),
            List.of(),
            AT.plusMillis(id));
    var writer = readSide.timelineWriter();
    join(writer.recordForAuthor(tweet).thenCompose(done -> writer.fanOut(tweet)));
    return tweet;
  }

  private static List<Long> home(long reader) {
    return ids(join(readSide.homeTimeline().page(reader, Long.MAX_VALUE, 100)));
  }

  private static List<Long> ids(TweetPage page) {
    return page.items().stream().map(view -> view.tweet().tweetId()).toList();
  }

  @Test
  void aPageCostsTheSameStatementsWhateverItsSizeAndAWarmPageOnlyItsSources() {
    long author = user("cost_author");
    long retweeter = user("cost_rt");
    long first = user("cost_reader1");
    long second = user("cost_reader2");
    for (long reader : List.of(first, second)) {
      follow(reader, author, true);
      follow(reader, retweeter, true);
    }
    for (int i = 0; i < 120; i++) {
      var tweet = post(author, Visibility.PUBLIC);
      if (i % 10 == 0) {
        retweet(retweeter, tweet);
      }
    }

    long before = fixture.statementsSent();
    var small = join(readSide.homeTimeline().page(first, Long.MAX_VALUE, 20));
    long coldSmall = fixture.statementsSent() - before;

    before = fixture.statementsSent();
    var large = join(readSide.homeTimeline().page(second, Long.MAX_VALUE, 100));
    long coldLarge = fixture.statementsSent() - before;

    before = fixture.statementsSent();
    join(readSide.homeTimeline().page(first, Long.MAX_VALUE, 20));
    long warm = fixture.statementsSent() - before;

    assertEquals(20, small.items().size());
    assertEquals(100, large.items().size());
    assertTrue(
        coldLarge <= coldSmall,
        "limit=100 cost " + coldLarge + " statements, limit=20 cost " + coldSmall);
    assertTrue(coldSmall <= 16, "a cold page cost " + coldSmall + " statements");
    assertEquals(2, warm, "a warm page costs its two source queries only");
  }

  @Test
  void aMutedAuthorDisappearsFromTheHomeTimelineRetweetsIncludedButNotFromTheirProfile() {
    long muted = user("mute_author");
    long friend = user("mute_friend");
    long reader = user("mute_reader");
    follow(reader, muted, true);
    follow(reader, friend, true);
    var tweet = post(muted, Visibility.PUBLIC);
    var retweet = retweet(friend, tweet);
    var own = post(friend, Visibility.PUBLIC);
    assertEquals(List.of(own.tweetId(), retweet.tweetId(), tweet.tweetId()), home(reader));

    join(
        readSide
            .relationshipUpdater()
            .applyMute(reader, muted, true, versions.incrementAndGet(), AT));

    assertEquals(List.of(own.tweetId()), home(reader));
    assertEquals(
        List.of(tweet.tweetId()),
        ids(join(readSide.userTimeline().page(reader, muted, Long.MAX_VALUE, 20))));
  }

  @Test
  void aFollowersOnlyTweetIsSeenByFollowersOnlyAndAccessEndsOnUnfollow() {
    long author = user("fo_author");
    long follower = user("fo_follower");
    long stranger = user("fo_stranger");
    follow(follower, author, true);
    var secret = post(author, Visibility.FOLLOWERS);

    assertTrue(join(readSide.tweets().byId(follower, secret.tweetId())).isPresent());
    assertTrue(join(readSide.tweets().byId(stranger, secret.tweetId())).isEmpty());
    assertEquals(
        List.of(), ids(join(readSide.userTimeline().page(stranger, author, Long.MAX_VALUE, 20))));
    assertEquals(List.of(secret.tweetId()), home(follower));

    follow(follower, author, false);

    assertTrue(join(readSide.tweets().byId(follower, secret.tweetId())).isEmpty());
    assertEquals(List.of(), home(follower));
  }

  @Test
  void aBlockHidesTweetsRepliesAndRetweetsBothWays() {
    long blocker = user("bl_blocker");
    long blocked = user("bl_blocked");
    long retweeter = user("bl_rt");
    var blockedTweet = post(blocked, Visibility.PUBLIC);
    var blockerTweet = post(blocker, Visibility.PUBLIC);
    follow(blocker, retweeter, true);
    var retweet = retweet(retweeter, blockedTweet);
    assertTrue(home(blocker).contains(retweet.tweetId()));

    join(
        readSide
            .relationshipUpdater()
            .applyBlock(blocker, blocked, true, versions.incrementAndGet(), AT));

    assertTrue(join(readSide.tweets().byId(blocker, blockedTweet.tweetId())).isEmpty());
    assertTrue(join(readSide.tweets().byId(blocked, blockerTweet.tweetId())).isEmpty());
    assertTrue(join(readSide.tweets().replies(blocked, blockerTweet.tweetId(), 0, 20)).isEmpty());
    assertFalse(home(blocker).contains(retweet.tweetId()));
  }

  @Test
  void aRetweetWhoseOriginalWasDeletedIsNotShown() {
    long author = user("del_author");
    long retweeter = user("del_rt");
    long reader = user("del_reader");
    follow(reader, retweeter, true);
    var original = post(author, Visibility.PUBLIC);
    var retweet = retweet(retweeter, original);
    assertEquals(List.of(retweet.tweetId()), home(reader));

    join(readSide.timelineWriter().onDeleted(original));

    assertEquals(List.of(), home(reader));
    assertTrue(join(readSide.tweets().byId(reader, retweet.tweetId())).isEmpty());
  }

  @Test
  void notificationsByMutedOrBlockedUsersOrAboutHiddenTweetsAreNotShown() {
    long reader = user("nt_reader");
    long friend = user("nt_friend");
    long muted = user("nt_muted");
    long blocked = user("nt_blocked");
    var mine = post(reader, Visibility.PUBLIC);
    var hiddenReply = post(friend, Visibility.FOLLOWERS);
    var store = new NotificationRepository(readSide.cql());
    join(
        store.save(
            List.of(
                new Notification(reader, 1, Notification.Type.LIKE, friend, mine.tweetId(), AT),
                new Notification(reader, 2, Notification.Type.LIKE, muted, mine.tweetId(), AT),
                new Notification(reader, 3, Notification.Type.FOLLOW, blocked, null, AT),
                new Notification(
                    reader, 4, Notification.Type.REPLY, friend, hiddenReply.tweetId(), AT))));
    join(
        readSide
            .relationshipUpdater()
            .applyMute(reader, muted, true, versions.incrementAndGet(), AT));
    join(
        readSide
            .relationshipUpdater()
            .applyBlock(blocked, reader, true, versions.incrementAndGet(), AT));

    var page = join(readSide.notifications().page(reader, Long.MAX_VALUE, 20));

    assertEquals(
        List.of(1L),
        page.items().stream().map(view -> view.notification().notificationId()).toList());
    assertEquals("nt_friend", page.items().get(0).actor().orElseThrow().handle());
  }
}
