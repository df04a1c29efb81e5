package dev.starling.read.engagement;

import dev.starling.engagement.Engagement;
import dev.starling.read.store.CountedEdges;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a like or a retweet does to the engagement read model. Shared by the HTTP fast path (which
 * knows which command it sent) and the projection (which sees the event); version-checked, so
 * repeats and stale deliveries change nothing.
 */
public final class EngagementUpdater {
  private final TweetCounts counts;

  public EngagementUpdater(TweetCounts counts) {
    this.counts = counts;
  }

  /** Applies the like or unlike; answers the tweet's like count after it. */
  public CompletionStage<Long> applyLike(
      long userId, long tweetId, boolean liked, long version, Instant at) {
    return counts
        .likes()
        .apply(tweetId, userId, liked, version, at)
        .thenApply(CountedEdges.Applied::count);
  }

  /** Applies the retweet or its undo; answers the tweet's retweet count after it. */
  public CompletionStage<Long> applyRetweet(
      long userId, long tweetId, boolean retweeted, long version, Instant at) {
    return counts
        .retweets()
        .apply(tweetId, userId, retweeted, version, at)
        .thenApply(CountedEdges.Applied::count);
  }

  public CompletionStage<Void> apply(Engagement.Event event) {
    CompletionStage<Long> applied;
    if (event instanceof Engagement.Liked e) {
      applied = applyLike(e.userId(), e.tweetId(), true, e.version(), e.at());
    } else if (event instanceof Engagement.Unliked e) {
      applied = applyLike(e.userId(), e.tweetId(), false, e.version(), e.at());
    } else if (event instanceof Engagement.Retweeted e) {
      applied = applyRetweet(e.userId(), e.tweetId(), true, e.version(), e.at());
    } else if (event instanceof Engagement.RetweetUndone e) {
      applied = applyRetweet(e.userId(), e.tweetId(), false, e.version(), e.at());
    } else {
      return CompletableFuture.completedFuture(null);
    }
    return applied.thenApply(done -> null);
  }
}
