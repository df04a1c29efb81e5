package dev.starling.read.notification;

import dev.starling.engagement.Engagement;
import dev.starling.read.timeline.TweetRepository;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Tells a tweet's author who liked or retweeted it. */
public final class EngagementNotificationHandler extends Handler<EventEnvelope<Engagement.Event>> {
  private final NotificationRepository notifications;
  private final TweetRepository tweets;

  public EngagementNotificationHandler(
      NotificationRepository notifications, TweetRepository tweets) {
    this.notifications = notifications;
    this.tweets = tweets;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Engagement.Event> envelope) {
    var event = envelope.event();
    if (event instanceof Engagement.Liked liked) {
      return notifyAuthor(
          envelope, Notification.Type.LIKE, liked.tweetId(), liked.userId(), liked.at());
    }
    if (event instanceof Engagement.Retweeted retweeted) {
      return notifyAuthor(
          envelope,
          Notification.Type.RETWEET,
          retweeted.tweetId(),
          retweeted.userId(),
          retweeted.at());
    }
    // an unlike or an undone retweet notifies nobody
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** Nobody is told about a tweet that is gone by the time the event is handled. */
  private CompletionStage<Done> notifyAuthor(
      EventEnvelope<Engagement.Event> envelope,
      Notification.Type type,
      long tweetId,
      long actorId,
      Instant at) {
    return tweets
        .find(tweetId)
        .thenCompose(
            tweet ->
                notifications.save(
                    tweet
                        .flatMap(
                            t ->
                                Notification.about(
                                    envelope, type, t.authorId(), actorId, tweetId, at))
                        .stream()
                        .toList()))
        .thenApply(v -> Done.getInstance());
  }
}
