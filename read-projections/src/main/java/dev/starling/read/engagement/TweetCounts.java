package dev.starling.read.engagement;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Who liked, retweeted and replied to each tweet, with exact counts. */
public final class TweetCounts {
  /** A tweet's counts and what the reader did to it. */
  public record Snapshot(
      long likes, long retweets, long replies, boolean likedByReader, boolean retweetedByReader) {}

  private final CountedEdges likes;
  private final CountedEdges retweets;
  private final CountedEdges replies;

  public TweetCounts(Cql cql) {
    likes = new CountedEdges(cql, "tweet_likes", "tweet_id", "user_id");
    retweets = new CountedEdges(cql, "tweet_retweets", "tweet_id", "user_id");
    replies = new CountedEdges(cql, "tweet_replies", "tweet_id", "reply_id");
  }

  public CountedEdges likes() {
    return likes;
  }

  public CountedEdges retweets() {
    return retweets;
  }

  public CountedEdges replies() {
    return replies;
  }

  public CompletionStage<Snapshot> of(long tweetId, long readerId) {
    var likeCount = likes.count(tweetId).toCompletableFuture();
    var retweetCount = retweets.count(tweetId).toCompletableFuture();
    var replyCount = replies.count(tweetId).toCompletableFuture();
    var liked = likes.isActive(tweetId, readerId).toCompletableFuture();
    var retweeted = retweets.isActive(tweetId, readerId).toCompletableFuture();
    return CompletableFuture.allOf(likeCount, retweetCount, replyCount, liked, retweeted)
        .thenApply(
            done ->
                new Snapshot(
                    likeCount.join(),
                    retweetCount.join(),
                    replyCount.join(),
                    liked.join(),
                    retweeted.join()));
  }
}
