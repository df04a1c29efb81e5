package dev.starling.read.projection;

import static dev.starling.read.testing.ReadSideEvents.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.engagement.Engagement;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.accounts.UserPage;
import dev.starling.read.accounts.UserRepository;
import dev.starling.read.accounts.UserView;
import dev.starling.read.accounts.UsersHandler;
import dev.starling.read.engagement.EngagementHandler;
import dev.starling.read.graph.SocialGraphHandler;
import dev.starling.read.notification.EngagementNotificationHandler;
import dev.starling.read.notification.Notification;
import dev.starling.read.notification.NotificationRepository;
import dev.starling.read.notification.NotificationView;
import dev.starling.read.notification.TweetNotificationHandler;
import dev.starling.read.testing.ReadSideEvents;
import dev.starling.read.testing.ReadSideFixture;
import dev.starling.read.timeline.TimelineHandler;
import dev.starling.read.timeline.TweetPage;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.read.timeline.TweetView;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * At-least-once delivery, and two writers (the fast path and the projection) applying the same
 * events in either order: every projection handler, driven with real envelopes through the very
 * handler its projection runs, ends in the state of the entity's newest event whatever the delivery
 * schedule — each event twice in a row, or the whole history shuffled with repeats.
 */
@ExtendWith(RealServersExtension.class)
class RedeliveryAndReorderTest {
  private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");
  private static final int HISTORY = 9;
  private static ReadSideFixture fixture;
  private static ReadSide readSide;
  private static ReadSideEvents events;
  private static SocialGraphHandler graphHandler;
  private static TimelineHandler timelineHandler;
  private static EngagementHandler engagementHandler;
  private static UsersHandler usersHandler;
  private static TweetNotificationHandler tweetNotificationHandler;
  private static EngagementNotificationHandler engagementNotificationHandler;
  private static final AtomicLong ids = new AtomicLong(5_000_000);

  @BeforeAll
  static void setUp() {
    // the Tweet entity the engagement handler's retweet saga asks, journaled in memory
    fixture =
        new ReadSideFixture(
            RedeliveryAndReorderTest.class,
            Map.of(
                "pekko.persistence.journal.plugin",
                "pekko.persistence.journal.inmem",
                "pekko.persistence.snapshot-store.plugin",
                "pekko.persistence.no-snapshot-store"));
    Tweet.init(fixture.system());
    readSide = fixture.readSide();
    events = new ReadSideEvents(readSide, AT, 4_000_000);
    // the handlers exactly as ReadSide.startProjections gives them to the projections
    graphHandler = new SocialGraphHandler(readSide.followUpdater(), readSide.relationshipUpdater());
    timelineHandler = new TimelineHandler(readSide.timelineWriter());
    engagementHandler = new EngagementHandler(fixture.system(), readSide.engagementUpdater());
    usersHandler = new UsersHandler(readSide.accountsUpdater());
    var cql = readSide.cql();
    var notifications = new NotificationRepository(cql);
    var tweets = new TweetRepository(cql, 100, Duration.ofMinutes(1));
    tweetNotificationHandler =
        new TweetNotificationHandler(notifications, tweets, new UserRepository(cql));
    engagementNotificationHandler = new EngagementNotificationHandler(notifications, tweets);
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  /** How the same history reaches a handler. */
  enum Schedule {
    /** In order, every event delivered twice in a row (a retried batch). */
    EACH_TWICE,
    /** Replayed from the start after the whole history was applied (a lost offset). */
    REPLAYED,
    /** Every event twice, all in a seeded random order (the fast path racing the projection). */
    SHUFFLED_ONE,
    SHUFFLED_TWO,
    SHUFFLED_THREE,
    /** Newest first, every event twice: every undo arrives before its do. */
    REVERSED;

    <E> List<E> of(List<E> history) {
      var deliveries = new ArrayList<E>();
      switch (this) {
        case EACH_TWICE -> history.forEach(e -> deliveries.addAll(List.of(e, e)));
        case REPLAYED -> {
          deliveries.addAll(history);
          deliveries.addAll(history);
        }
        case REVERSED -> {
          var reversed = new ArrayList<>(history);
          Collections.reverse(reversed);
          reversed.forEach(e -> deliveries.addAll(List.of(e, e)));
        }
        default -> {
          deliveries.addAll(history);
          deliveries.addAll(history);
          Collections.shuffle(deliveries, new Random(ordinal()));
        }
      }
      return deliveries;
    }
  }

  static List<Schedule> schedules() {
    return List.of(Schedule.values());
  }

  private static <E> EventEnvelope<E> envelope(String persistenceId, long sequenceNr, E event) {
    return EventEnvelope.create(
        Offset.sequence(sequenceNr), persistenceId, sequenceNr, event, AT.toEpochMilli());
  }

  private static <E> void deliver(Handler<EventEnvelope<E>> handler, List<EventEnvelope<E>> all)
      throws Exception {
    for (var envelope : all) {
      join(handler.process(envelope));
    }
  }

  private static UserView user(long id) {
    return join(readSide.users().byId(id)).orElseThrow();
  }

  private static List<Long> tweetIds(CompletionStage<TweetPage> page) {
    return join(page).items().stream().map(view -> view.tweet().tweetId()).toList();
  }

  private static List<Long> userIds(CompletionStage<UserPage> page) {
    return join(page).items().stream().map(view -> view.profile().userId()).toList();
  }

  private static List<Long> home(long reader) {
    return tweetIds(readSide.homeTimeline().page(reader, Long.MAX_VALUE, 100));
  }

  private static List<Long> userTimeline(long reader, long author) {
    return tweetIds(readSide.userTimeline().page(reader, author, Long.MAX_VALUE, 100));
  }

  private static java.util.Optional<TweetView> tweet(long reader, long tweetId) {
    return join(readSide.tweets().byId(reader, tweetId));
  }

  // ---- social graph: follows, blocks and mutes of one pair, and their undos ----

  /**
   * A history the Relationship entity could have written: the reader follows and unfollows, mutes
   * and unmutes the writer, the writer blocks and unblocks the reader (a block ends the follow; a
   * blocked reader cannot follow). Answers the envelopes with the final state.
   */
  private record PairHistory(
      List<EventEnvelope<Relationship.Event>> envelopes,
      boolean following,
      boolean blocked,
      boolean muted) {}

  private static PairHistory pairHistory(long reader, long writer, Random random) {
    var envelopes = new ArrayList<EventEnvelope<Relationship.Event>>();
    String persistenceId = "Relationship|" + Relationship.entityId(reader, writer);
    boolean following = false;
    boolean blocked = false;
    boolean muted = false;
    while (envelopes.size() < HISTORY) {
      long version = envelopes.size() + 1;
      Instant at = AT.plusSeconds(version);
      var possible = new ArrayList<Relationship.Event>();
      if (!following && !blocked) {
        possible.add(new Relationship.FollowStarted(reader, writer, version, at));
      }
      if (following) {
        possible.add(new Relationship.FollowEnded(reader, writer, version, at));
      }
      possible.add(
          blocked
              ? new Relationship.Unblocked(writer, reader, version, at)
              : new Relationship.Blocked(writer, reader, version, at));
      possible.add(
          muted
              ? new Relationship.Unmuted(reader, writer, version, at)
              : new Relationship.Muted(reader, writer, version, at));
      // starts with a follow so every history has something to undo
      var event = possible.get(envelopes.isEmpty() ? 0 : random.nextInt(possible.size()));
      if (event instanceof Relationship.FollowStarted) {
        following = true;
      } else if (event instanceof Relationship.FollowEnded) {
        following = false;
      } else if (event instanceof Relationship.Blocked) {
        blocked = true;
        following = false;
      } else if (event instanceof Relationship.Unblocked) {
        blocked = false;
      } else if (event instanceof Relationship.Muted) {
        muted = true;
      } else if (event instanceof Relationship.Unmuted) {
        muted = false;
      }
      envelopes.add(envelope(persistenceId, version, event));
    }
    return new PairHistory(envelopes, following, blocked, muted);
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void followsBlocksAndMutesOfOnePairEndInTheNewestStateHoweverDelivered(Schedule schedule)
      throws Exception {
    long reader = events.user("reader_" + schedule.ordinal());
    long writer = events.user("writer_" + schedule.ordinal());
    long tweetId = events.post(writer, Visibility.PUBLIC).tweetId();
    var history = pairHistory(reader, writer, new Random(schedule.ordinal() * 31L + 7));

    deliver(graphHandler, schedule.of(history.envelopes()));

    String at =
        schedule
            + " of "
            + history.envelopes().stream().map(EventEnvelope::event).toList()
            + " ending following="
            + history.following()
            + ", blocked="
            + history.blocked()
            + ", muted="
            + history.muted();
    long edge = history.following() ? 1 : 0;
    assertEquals(history.following() ? List.of(reader) : List.of(), followers(writer), at);
    assertEquals(history.following() ? List.of(writer) : List.of(), following(reader), at);
    assertEquals(edge, user(writer).followersCount(), at);
    assertEquals(edge, user(reader).followingCount(), at);
    assertEquals(history.following() && !history.muted(), home(reader).contains(tweetId), at);
    assertEquals(!history.blocked(), tweet(reader, tweetId).isPresent(), at);
    assertEquals(history.blocked() ? List.of() : List.of(tweetId), userTimeline(reader, writer));
  }

  @Test
  void aMuteArrivingAfterItsUnmuteLeavesTheFollowedAuthorsTweetsInTheHomeTimeline()
      throws Exception {
    long reader = events.user("unmuter");
    long writer = events.user("unmuted");
    long tweetId = events.post(writer, Visibility.PUBLIC).tweetId();
    String persistenceId = "Relationship|" + Relationship.entityId(reader, writer);
    var follow =
        envelope(
            persistenceId,
            1,
            (Relationship.Event) new Relationship.FollowStarted(reader, writer, 1, AT));
    var mute =
        envelope(
            persistenceId, 2, (Relationship.Event) new Relationship.Muted(reader, writer, 2, AT));
    var unmute =
        envelope(
            persistenceId, 3, (Relationship.Event) new Relationship.Unmuted(reader, writer, 3, AT));

    // the fast path applied the follow and the unmute before the projection delivers the mute
    deliver(graphHandler, List.of(follow, unmute, mute));

    assertEquals(List.of(tweetId), home(reader));
  }

  private static List<Long> followers(long userId) {
    return userIds(readSide.graph().followers(userId, Long.MAX_VALUE, 100));
  }

  private static List<Long> following(long userId) {
    return userIds(readSide.graph().following(userId, Long.MAX_VALUE, 100));
  }

  // ---- engagement: likes and retweets of one user on one tweet ----

  /** Alternating do and undo, starting with a do; {@code undo} makes the undo event. */
  private static List<EventEnvelope<Engagement.Event>> toggles(
      long user, long tweetId, int count, boolean startWithDo, Toggle toggle) {
    var envelopes = new ArrayList<EventEnvelope<Engagement.Event>>();
    String persistenceId = "Engagement|" + Engagement.entityId(user, tweetId);
    boolean on = !startWithDo;
    for (long version = 1; version <= count; version++) {
      on = !on;
      envelopes.add(
          envelope(
              persistenceId,
              version,
              toggle.event(user, tweetId, on, version, AT.plusSeconds(version))));
    }
    return envelopes;
  }

  interface Toggle {
    Engagement.Event event(long user, long tweetId, boolean on, long version, Instant at);
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void likesOfManyUsersOnOneTweetCountExactlyHoweverDelivered(Schedule schedule) throws Exception {
    long author = events.user("liked_" + schedule.ordinal());
    long tweetId = events.post(author, Visibility.PUBLIC).tweetId();
    var all = new ArrayList<EventEnvelope<Engagement.Event>>();
    var likers = new ArrayList<Long>();
    long expected = 0;
    for (int i = 0; i < 4; i++) {
      long liker = events.user("liker_" + schedule.ordinal() + "_" + i);
      likers.add(liker);
      // odd histories end liked, even ones unliked
      int length = 2 + i;
      expected += length % 2;
      all.addAll(
          toggles(
              liker,
              tweetId,
              length,
              true,
              (user, tweet, on, version, at) ->
                  on
                      ? new Engagement.Liked(user, tweet, version, at)
                      : new Engagement.Unliked(user, tweet, version, at)));
    }

    var deliveries = schedule.of(all);
    deliver(engagementHandler, deliveries);
    deliver(engagementNotificationHandler, deliveries);

    var seen = tweet(author, tweetId).orElseThrow();
    assertEquals(expected, seen.counts().likes(), () -> schedule + ": " + seen.counts());
    // one notification per like event (1 + 2 + 2 + 3 of them), however often delivered
    assertEquals(8, notificationsOf(author, Notification.Type.LIKE), schedule::toString);
    for (int i = 0; i < likers.size(); i++) {
      boolean liked = (2 + i) % 2 == 1;
      assertEquals(liked, tweet(likers.get(i), tweetId).orElseThrow().flags().liked());
    }
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void retweetsAndUndosCountExactlyHoweverDelivered(Schedule schedule) throws Exception {
    long author = events.user("retweeted_" + schedule.ordinal());
    long tweetId = events.post(author, Visibility.PUBLIC).tweetId();
    var all = new ArrayList<EventEnvelope<Engagement.Event>>();
    long expected = 0;
    var fans = new ArrayList<Long>();
    for (int i = 0; i < 3; i++) {
      long fan = events.user("retweeter_" + schedule.ordinal() + "_" + i);
      fans.add(fan);
      int length = 3 + i;
      expected += length % 2;
      all.addAll(
          toggles(
              fan,
              tweetId,
              length,
              true,
              (user, tweet, on, version, at) ->
                  on
                      ? new Engagement.Retweeted(user, tweet, ids.incrementAndGet(), version, at)
                      : new Engagement.RetweetUndone(user, tweet, ids.get(), version, at)));
    }

    // counts through the step EngagementHandler takes after its retweet saga: the saga's Tweet
    // commands rely on the journal order a projection keeps, which these schedules break on
    // purpose (the saga itself: aRedeliveredRetweetHistoryLeavesOnlyTheLastRetweetStanding…)
    var deliveries = schedule.of(all);
    for (var envelope : deliveries) {
      join(readSide.engagementUpdater().apply(envelope.event()));
    }
    deliver(engagementNotificationHandler, deliveries);

    var seen = tweet(author, tweetId).orElseThrow();
    assertEquals(expected, seen.counts().retweets(), () -> schedule + ": " + seen.counts());
    // one notification per retweet event (2 + 2 + 3 of them), however often delivered
    assertEquals(7, notificationsOf(author, Notification.Type.RETWEET), schedule::toString);
    for (int i = 0; i < fans.size(); i++) {
      boolean retweeted = (3 + i) % 2 == 1;
      assertEquals(retweeted, tweet(fans.get(i), tweetId).orElseThrow().flags().retweeted());
    }
  }

  /** A retried batch or a lost offset repeats a projection's events in their journal order. */
  static List<Schedule> inJournalOrder() {
    return List.of(Schedule.EACH_TWICE, Schedule.REPLAYED);
  }

  @ParameterizedTest
  @MethodSource("inJournalOrder")
  void aRedeliveredRetweetHistoryLeavesOnlyTheLastRetweetStandingAndCountsItOnce(Schedule schedule)
      throws Exception {
    long author = events.user("saga_author_" + schedule.ordinal());
    long fan = events.user("saga_fan_" + schedule.ordinal());
    long tweetId = events.post(author, Visibility.PUBLIC).tweetId();
    var history =
        toggles(
            fan,
            tweetId,
            5,
            true,
            (user, tweet, on, version, at) ->
                on
                    ? new Engagement.Retweeted(user, tweet, ids.incrementAndGet(), version, at)
                    : new Engagement.RetweetUndone(user, tweet, ids.get(), version, at));
    var retweetIds =
        history.stream()
            .map(EventEnvelope::event)
            .filter(Engagement.Retweeted.class::isInstance)
            .map(e -> ((Engagement.Retweeted) e).retweetId())
            .toList();

    deliver(engagementHandler, schedule.of(history));

    var seen = tweet(fan, tweetId).orElseThrow();
    assertEquals(1, seen.counts().retweets(), schedule::toString);
    assertTrue(seen.flags().retweeted());
    long live = retweetIds.get(retweetIds.size() - 1);
    for (long retweetId : retweetIds) {
      var stored = storedTweet(retweetId);
      assertEquals(retweetId == live, stored.isPresent(), () -> schedule + ": " + retweetId);
    }
    assertEquals(Long.valueOf(tweetId), storedTweet(live).orElseThrow().retweetOfId());
  }

  /** The tweet as its entity holds it: empty when never posted or deleted. */
  private static Optional<TweetData> storedTweet(long tweetId) {
    return join(
        ClusterSharding.get(fixture.system())
            .entityRefFor(Tweet.ENTITY_KEY, Long.toString(tweetId))
            .<Optional<TweetData>>ask(Tweet.Get::new, Duration.ofSeconds(5)));
  }

  // ---- timelines, the tweet view and notifications: a post and its delete ----

  /** Post and delete histories in every order the projections could see them. */
  static List<List<String>> postAndDelete() {
    return List.of(
        List.of("posted", "posted"),
        List.of("posted", "deleted", "posted"),
        List.of("deleted", "posted"),
        List.of("deleted", "posted", "posted", "deleted", "posted"));
  }

  @ParameterizedTest
  @MethodSource("postAndDelete")
  void aPostedTweetCountsOnceAndAPostAfterItsDeleteNeverBringsItBack(List<String> deliveries)
      throws Exception {
    long run = ids.incrementAndGet();
    long author = events.user("poster_" + run);
    long follower = events.user("follower_" + run);
    long mentioned = events.user("mentioned_" + run);
    events.follow(follower, author, true);
    var parent = events.post(mentioned, Visibility.PUBLIC);
    var original = events.tweet(author, Visibility.PUBLIC, null);
    var reply =
        new TweetData(
            original.tweetId(),
            author,
            "@" + handleOf(mentioned) + " reply",
            Visibility.PUBLIC,
            parent.tweetId(),
            null,
            null,
            List.of(),
            List.of(handleOf(mentioned)),
            List.of(),
            original.createdAt(),
            null);
    String persistenceId = "Tweet|" + reply.tweetId();
    var posted = envelope(persistenceId, 1, (Tweet.Event) new Tweet.Posted(reply));
    var deleted = envelope(persistenceId, 2, (Tweet.Event) new Tweet.Deleted(reply, AT));
    var schedule = deliveries.stream().map(d -> d.equals("posted") ? posted : deleted).toList();

    deliver(timelineHandler, schedule);
    deliver(tweetNotificationHandler, schedule);

    boolean gone = deliveries.contains("deleted");
    long id = reply.tweetId();
    assertEquals(!gone, tweet(follower, id).isPresent(), deliveries::toString);
    assertEquals(gone ? List.of() : List.of(id), userTimeline(follower, author));
    assertEquals(gone ? 0 : 1, user(author).tweetCount());
    assertEquals(!gone, home(follower).contains(id), deliveries::toString);
    assertEquals(gone ? 0 : 1, tweet(mentioned, parent.tweetId()).orElseThrow().counts().replies());
    assertEquals(
        gone ? List.of() : List.of(Notification.Type.REPLY, Notification.Type.MENTION),
        notificationTypes(mentioned),
        deliveries::toString);
  }

  private static List<Notification.Type> notificationTypes(long userId) throws Exception {
    return join(readSide.notifications().page(userId, Long.MAX_VALUE, 100)).items().stream()
        .map(NotificationView::notification)
        .map(Notification::type)
        .sorted()
        .toList();
  }

  private static long notificationsOf(long userId, Notification.Type type) throws Exception {
    return notificationTypes(userId).stream().filter(type::equals).count();
  }

  private static String handleOf(long userId) {
    return user(userId).profile().handle();
  }

  // ---- accounts ----

  @Test
  void aRedeliveredActivationLeavesOneAccountWithItsProfile() throws Exception {
    long id = ids.incrementAndGet();
    var profile = new Profile(id, "twice_activated", "Twice", "bio", "US", AT);
    var activated = envelope("User|" + id, 2, (User.Event) new User.Activated(profile));

    deliver(usersHandler, List.of(activated, activated));

    assertEquals(profile, user(id).profile());
    assertEquals(
        Long.valueOf(id), join(readSide.users().idByHandle("twice_activated")).orElseThrow());
    assertTrue(
        LongStream.of(user(id).followersCount(), user(id).tweetCount()).allMatch(c -> c == 0));
  }
}
