package dev.starling.timeline;

import dev.starling.graph.SocialGraph;
import dev.starling.store.CountedEdges;
import dev.starling.tweet.TweetData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes tweets into timelines. Called twice for every event: once right after the entity
 * acknowledged it (the fast path that gives the author read-your-writes and followers their tweet
 * within milliseconds) and once by the projection (the durable backstop). Every write here is
 * idempotent, so the second call changes nothing unless the first one was lost.
 */
public final class TimelineWriter {
  /** A user timeline row for an original tweet is written once, at version 1. */
  private static final long POSTED_VERSION = 1;

  private final TweetRepository tweets;
  private final CountedEdges userTimelines;
  private final HomeTimelines homes;
  private final SocialGraph graph;
  private final int fanOutBatch;
  private final int backfillSize;

  public TimelineWriter(
      TweetRepository tweets,
      CountedEdges userTimelines,
      HomeTimelines homes,
      SocialGraph graph,
      int fanOutBatch,
      int backfillSize) {
    this.tweets = tweets;
    this.userTimelines = userTimelines;
    this.homes = homes;
    this.graph = graph;
    this.fanOutBatch = fanOutBatch;
    this.backfillSize = backfillSize;
  }

  /** The tweet itself and the author's own timeline and count: what read-your-writes needs. */
  public CompletionStage<Void> recordForAuthor(TweetData tweet) {
    return tweets
        .upsert(tweet)
        .thenCompose(
            done ->
                userTimelines.apply(
                    tweet.authorId(), tweet.tweetId(), true, POSTED_VERSION, tweet.createdAt()))
        .thenApply(changed -> null);
  }

  /** Copies the tweet into the home timeline of every current follower of its author. */
  public CompletionStage<Void> fanOut(TweetData tweet) {
    return fanOutFrom(tweet, Long.MAX_VALUE);
  }

  private CompletionStage<Void> fanOutFrom(TweetData tweet, long beforeFollowerId) {
    return graph
        .followers()
        .scanBefore(tweet.authorId(), beforeFollowerId, fanOutBatch)
        .thenCompose(
            scan -> {
              var writes =
                  scan.active().stream()
                      .map(
                          f ->
                              homes
                                  .add(f.id(), tweet.tweetId(), tweet.authorId())
                                  .toCompletableFuture())
                      .toArray(CompletableFuture[]::new);
              return CompletableFuture.allOf(writes)
                  .thenCompose(
                      done ->
                          scan.filled(fanOutBatch)
                              ? fanOutFrom(tweet, scan.lastId())
                              : CompletableFuture.completedFuture(null));
            });
  }

  public CompletionStage<Void> onPosted(TweetData tweet) {
    return recordForAuthor(tweet).thenCompose(done -> fanOut(tweet));
  }

  /**
   * A new follow brings the followee's latest tweets into the follower's home timeline; an ended
   * follow takes them out.
   */
  public CompletionStage<Void> onFollowChanged(
      long followerId, long followeeId, boolean following) {
    if (!following) {
      return homes.removeAuthor(followerId, followeeId);
    }
    return userTimelines
        .scanBefore(followeeId, Long.MAX_VALUE, backfillSize)
        .thenCompose(
            scan ->
                CompletableFuture.allOf(
                    scan.active().stream()
                        .map(t -> homes.add(followerId, t.id(), followeeId).toCompletableFuture())
                        .toArray(CompletableFuture[]::new)));
  }
}
