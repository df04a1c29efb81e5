package dev.starling.read.engagement;

import dev.starling.engagement.Engagement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies likes and retweets to the counts. Shared by the HTTP fast path (which knows which command
 * it sent) and the projection (which sees the event); version-checked, so repeats and stale
 * deliveries change nothing.
 */
public final class EngagementUpdater {
  private final TweetCounts counts;

  public EngagementUpdater(TweetCounts counts) {
    this.counts = counts;
  }

  public CompletionStage<Void> applyLike(
      long userId, long tweetId, boolean liked, long version, Instant at) {
    return counts.likes().apply(tweetId, userId, liked, version, at).thenApply(changed -> null);
  }

  public CompletionStage<Void> applyRetweet(
      long userId, long tweetId, boolean retweeted, long version, Instant at) {
    return counts
        .retweets()
        .apply(tweetId, userId, retweeted, version, at)
        .thenApply(changed -> null);
  }

  public CompletionStage<Void> apply(Engagement.Event event) {
    if (event instanceof Engagement.Liked e) {
      return applyLike(e.userId(), e.tweetId(), true, e.version(), e.at());
    }
    if (event instanceof Engagement.Unliked e) {
      return applyLike(e.userId(), e.tweetId(), false, e.version(), e.at());
    }
    if (event instanceof Engagement.Retweeted e) {
      return applyRetweet(e.userId(), e.tweetId(), true, e.version(), e.at());
    }
    if (event instanceof Engagement.RetweetUndone e) {
      return applyRetweet(e.userId(), e.tweetId(), false, e.version(), e.at());
    }
    return CompletableFuture.completedFuture(null);
  }
}
