package dev.starling.read.notification;

import dev.starling.engagement.Engagement;
import dev.starling.read.accounts.UserRepository;
import dev.starling.read.generation.Feed;
import dev.starling.read.generation.ReplayableModel;
import dev.starling.read.store.Cql;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import java.util.List;

/**
 * Notifications as a replayable read model: one projection per aggregate that notifies anyone, each
 * with offsets of its own, writing the {@code notifications} table of a generation.
 */
public final class NotificationProjection {
  public static final String MODEL = "notifications";
  public static final String FOLLOWS = "notifications-follows";
  public static final String ENGAGEMENT = "notifications-engagement";
  public static final String TWEETS = "notifications-tweets";

  private NotificationProjection() {}

  public static ReplayableModel<NotificationRepository> model(
      Cql cql, TweetRepository tweets, UserRepository users) {
    return new ReplayableModel<>(
        MODEL,
        "notification.cql",
        List.of(NotificationRepository.TABLE),
        ReplayableModel.Initial.LIVE,
        tables -> new NotificationRepository(cql, tables.get(NotificationRepository.TABLE)),
        List.of(
            Feed.<NotificationRepository, Relationship.Event>of(
                FOLLOWS, Relationship.AGGREGATE, FollowNotificationHandler::new),
            Feed.<NotificationRepository, Engagement.Event>of(
                ENGAGEMENT,
                Engagement.AGGREGATE,
                notifications -> new EngagementNotificationHandler(notifications, tweets)),
            Feed.<NotificationRepository, Tweet.Event>of(
                TWEETS,
                Tweet.AGGREGATE,
                notifications -> new TweetNotificationHandler(notifications, tweets, users))));
  }
}
