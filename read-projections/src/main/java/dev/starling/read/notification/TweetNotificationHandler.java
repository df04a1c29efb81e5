package dev.starling.read.notification;

import dev.starling.read.timeline.TweetRepository;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.read.accounts.UserRepository;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Tells the author of the parent tweet about a reply, and every mentioned user about a post. */
public final class TweetNotificationHandler extends Handler<EventEnvelope<Tweet.Event>> {
  private final NotificationRepository notifications;
  private final TweetRepository tweets;
  private final UserRepository users;

  public TweetNotificationHandler(
      NotificationRepository notifications, TweetRepository tweets, UserRepository users) {
    this.notifications = notifications;
    this.tweets = tweets;
    this.users = users;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Tweet.Event> envelope) {
    // a retweet is told about by Engagement.Retweeted; a deletion notifies nobody
    if (envelope.event() instanceof Tweet.Posted posted && !posted.tweet().isRetweet()) {
      var pending = new ArrayList<CompletableFuture<Optional<Notification>>>();
      pending.add(reply(envelope, posted.tweet()).toCompletableFuture());
      for (String handle : posted.tweet().mentions()) {
        pending.add(mention(envelope, posted.tweet(), handle).toCompletableFuture());
      }
      return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .thenCompose(
              all ->
                  notifications.save(
                      pending.stream()
                          .map(CompletableFuture::join)
                          .flatMap(Optional::stream)
                          .toList()))
          .thenApply(v -> Done.getInstance());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private CompletionStage<Optional<Notification>> reply(
      EventEnvelope<Tweet.Event> envelope, TweetData tweet) {
    if (tweet.replyToId() == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return tweets
        .find(tweet.replyToId())
        .thenApply(
            parent ->
                parent.flatMap(p -> about(envelope, Notification.Type.REPLY, p.authorId(), tweet)));
  }

  /** A handle nobody holds notifies nobody. */
  private CompletionStage<Optional<Notification>> mention(
      EventEnvelope<Tweet.Event> envelope, TweetData tweet, String handle) {
    return users
        .findIdByHandle(handle)
        .thenApply(
            userId -> userId.flatMap(id -> about(envelope, Notification.Type.MENTION, id, tweet)));
  }

  private static Optional<Notification> about(
      EventEnvelope<Tweet.Event> envelope,
      Notification.Type type,
      long recipientId,
      TweetData tweet) {
    return Notification.about(
        envelope, type, recipientId, tweet.authorId(), tweet.tweetId(), tweet.createdAt());
  }
}
