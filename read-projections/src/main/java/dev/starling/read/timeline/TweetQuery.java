package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.visibility.Surface;
import dev.starling.tweet.TweetData;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Single tweets and their replies, as a reader may see them. A tweet the reader may not see is
 * answered exactly like one that does not exist, so hidden tweets leak nothing.
 */
public final class TweetQuery {
  private final TweetRepository tweets;
  private final CountedEdges replies;
  private final TweetViews views;

  public TweetQuery(TweetRepository tweets, CountedEdges replies, TweetViews views) {
    this.tweets = tweets;
    this.replies = replies;
    this.views = views;
  }

  /** The tweet ready to show, unless it is gone or hidden from the reader. */
  public CompletionStage<Optional<TweetView>> byId(long readerId, long tweetId) {
    return visible(readerId, tweetId)
        .thenCompose(
            found ->
                found.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<TweetView>empty())
                    : views
                        .present(readerId, List.of(found.get()), Surface.TWEET)
                        .thenApply(shown -> shown.stream().findFirst()));
  }

  /** {@code tweet} ready to show to its reader; for a tweet the caller just wrote. */
  public CompletionStage<Optional<TweetView>> view(long readerId, TweetData tweet) {
    return views
        .present(readerId, List.of(tweet), Surface.TWEET)
        .thenApply(shown -> shown.stream().findFirst());
  }

  /**
   * The tweet unless it is gone or hidden from the reader: what replying, quoting, liking or
   * retweeting it requires.
   */
  public CompletionStage<Optional<TweetData>> visible(long readerId, long tweetId) {
    return tweets
        .find(tweetId)
        .thenCompose(
            found ->
                found.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<TweetData>empty())
                    : views
                        .visible(readerId, List.of(found.get()), Surface.TWEET)
                        .thenApply(
                            shown -> shown.stream().findFirst().map(TweetViews.Visible::tweet)));
  }

  /**
   * Replies to a tweet the reader may see, oldest first, above the reply id {@code after}; empty
   * when the parent itself is gone or hidden.
   */
  public CompletionStage<Optional<TweetPage>> replies(
      long readerId, long parentId, long after, int limit) {
    return visible(readerId, parentId)
        .thenCompose(
            parent -> {
              if (parent.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<TweetPage>empty());
              }
              return replies
                  .scanAfter(parentId, after, limit)
                  .thenCompose(
                      scan ->
                          views
                              .presentIds(
                                  readerId,
                                  scan.active().stream().map(CountedEdges.Member::id).toList(),
                                  Surface.REPLIES)
                              .thenApply(
                                  items ->
                                      Optional.of(
                                          new TweetPage(
                                              items, scan.filled(limit) ? scan.lastId() : null))));
            });
  }
}
