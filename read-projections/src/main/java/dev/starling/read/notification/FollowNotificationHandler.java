package dev.starling.read.notification;

import dev.starling.relationship.Relationship;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Tells a user who started following them. */
public final class FollowNotificationHandler extends Handler<EventEnvelope<Relationship.Event>> {
  private final NotificationRepository notifications;

  public FollowNotificationHandler(NotificationRepository notifications) {
    this.notifications = notifications;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Relationship.Event> envelope) {
    if (envelope.event() instanceof Relationship.FollowStarted started) {
      var followed =
          Notification.about(
              envelope,
              Notification.Type.FOLLOW,
              started.followeeId(),
              started.followerId(),
              null,
              started.at());
      return notifications.save(followed.stream().toList()).thenApply(v -> Done.getInstance());
    }
    // every other relationship event, an unfollow included, notifies nobody
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
