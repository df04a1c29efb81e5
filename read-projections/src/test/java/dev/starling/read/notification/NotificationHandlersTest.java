package dev.starling.read.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.starling.engagement.Engagement;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.accounts.UserRepository;
import dev.starling.read.store.CassandraTestSession;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class NotificationHandlersTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static CassandraTestSession cassandra;
  private static NotificationRepository notifications;
  private static TweetRepository tweets;
  private static UserRepository users;

  @BeforeAll
  static void setUp() {
    cassandra = new CassandraTestSession(NotificationHandlersTest.class);
    notifications = new NotificationRepository(cassandra.cql());
    tweets = new TweetRepository(cassandra.cql(), 100, Duration.ofMinutes(1));
    users = new UserRepository(cassandra.cql());
  }

  @AfterAll
  static void tearDown() {
    cassandra.close();
  }

  private static <E> EventEnvelope<E> envelope(String persistenceId, long sequenceNr, E event) {
    return EventEnvelope.create(
        Offset.sequence(sequenceNr), persistenceId, sequenceNr, event, AT.toEpochMilli());
  }

  private static List<Notification> of(long userId) {
    return notifications.before(userId, Long.MAX_VALUE, 100).toCompletableFuture().join();
  }

  private static void register(long userId, String handle) {
    users.upsert(new Profile(userId, handle, handle, null, null, AT)).toCompletableFuture().join();
  }

  private static TweetData tweet(
      long tweetId, long authorId, Long replyToId, List<String> mentions) {
    return new TweetData(
        tweetId,
        authorId,
        "text",
        Visibility.PUBLIC,
        replyToId,
        null,
        null,
        List.of(),
        mentions,
        List.of(),
        AT.plusSeconds(tweetId),
        null);
  }

  @Test
  void aRedeliveredFollowLeavesExactlyOneNotification() {
    var handler = new FollowNotificationHandler(notifications);
    EventEnvelope<Relationship.Event> follow =
        envelope("Relationship|1:2", 1, new Relationship.FollowStarted(1, 2, 1, AT));
    handler.process(follow).toCompletableFuture().join();
    handler.process(follow).toCompletableFuture().join();

    var received = of(2);
    assertEquals(1, received.size());
    assertEquals(Notification.Type.FOLLOW, received.get(0).type());
    assertEquals(1, received.get(0).actorId());
    assertNull(received.get(0).tweetId());
    assertEquals(AT, received.get(0).createdAt());
    assertEquals(List.of(), of(1));
  }

  @Test
  void aRedeliveredLikeLeavesExactlyOneNotificationForTheAuthor() {
    tweets.upsert(tweet(100, 10, null, List.of())).toCompletableFuture().join();
    var handler = new EngagementNotificationHandler(notifications, tweets);
    EventEnvelope<Engagement.Event> like =
        envelope("Engagement|11:100", 1, new Engagement.Liked(11, 100, 1, AT));
    handler.process(like).toCompletableFuture().join();
    handler.process(like).toCompletableFuture().join();
    handler
        .process(envelope("Engagement|10:100", 1, new Engagement.Liked(10, 100, 1, AT)))
        .toCompletableFuture()
        .join();

    var received = of(10);
    assertEquals(1, received.size());
    assertEquals(Notification.Type.LIKE, received.get(0).type());
    assertEquals(11, received.get(0).actorId());
    assertEquals(100L, received.get(0).tweetId());
  }

  @Test
  void aReplyThatAlsoMentionsTheParentsAuthorGivesThemBothNotificationsOnce() {
    register(20, "parent_author");
    register(21, "replier");
    tweets.upsert(tweet(200, 20, null, List.of())).toCompletableFuture().join();
    var reply = tweet(201, 21, 200L, List.of("parent_author", "replier", "nobody_here"));
    var handler = new TweetNotificationHandler(notifications, tweets, users);
    EventEnvelope<Tweet.Event> posted = envelope("Tweet|201", 1, new Tweet.Posted(reply));
    handler.process(posted).toCompletableFuture().join();
    handler.process(posted).toCompletableFuture().join();

    var received = of(20);
    assertEquals(
        List.of(Notification.Type.REPLY, Notification.Type.MENTION),
        received.stream().map(Notification::type).sorted().toList());
    received.forEach(
        n -> {
          assertEquals(21, n.actorId());
          assertEquals(201L, n.tweetId());
        });
    assertEquals(List.of(), of(21));
  }

  @Test
  void notificationsPageNewestFirst() {
    var handler = new FollowNotificationHandler(notifications);
    for (long follower = 31; follower <= 35; follower++) {
      var at = AT.plusSeconds(follower);
      handler
          .process(
              envelope(
                  "Relationship|30:" + follower,
                  1,
                  new Relationship.FollowStarted(follower, 30, 1, at)))
          .toCompletableFuture()
          .join();
    }
    var first = notifications.before(30, Long.MAX_VALUE, 3).toCompletableFuture().join();
    assertEquals(List.of(35L, 34L, 33L), first.stream().map(Notification::actorId).toList());
    var second =
        notifications.before(30, first.get(2).notificationId(), 3).toCompletableFuture().join();
    assertEquals(List.of(32L, 31L), second.stream().map(Notification::actorId).toList());
  }
}
