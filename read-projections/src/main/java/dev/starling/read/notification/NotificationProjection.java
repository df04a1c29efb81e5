package dev.starling.read.notification;

import dev.starling.engagement.Engagement;
import dev.starling.read.projection.TaggedProjections;
import dev.starling.relationship.Relationship;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.tweet.Tweet;
import dev.starling.read.accounts.UserRepository;
import org.apache.pekko.actor.typed.ActorSystem;

/** One projection per aggregate that notifies anyone, each with offsets of its own. */
public final class NotificationProjection {
  public static final String FOLLOWS = "notifications-follows";
  public static final String ENGAGEMENT = "notifications-engagement";
  public static final String TWEETS = "notifications-tweets";

  private NotificationProjection() {}

  public static void start(
      ActorSystem<?> system,
      NotificationRepository notifications,
      TweetRepository tweets,
      UserRepository users) {
    TaggedProjections.<Relationship.Event>start(
        system,
        FOLLOWS,
        Relationship.AGGREGATE,
        () -> new FollowNotificationHandler(notifications));
    TaggedProjections.<Engagement.Event>start(
        system,
        ENGAGEMENT,
        Engagement.AGGREGATE,
        () -> new EngagementNotificationHandler(notifications, tweets));
    TaggedProjections.<Tweet.Event>start(
        system,
        TWEETS,
        Tweet.AGGREGATE,
        () -> new TweetNotificationHandler(notifications, tweets, users));
  }
}
