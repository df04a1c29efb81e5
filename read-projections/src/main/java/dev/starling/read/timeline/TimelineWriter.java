package dev.starling.read.timeline;

import dev.starling.read.graph.SocialGraph;
import dev.starling.read.store.CountedEdges;
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
  /** A tweet's rows (in its author's timeline, under its parent) are posted at 1, deleted at 2. */
  private static final long POSTED_VERSION = 1;

  private static final long DELETED_VERSION = 2;

  private final TweetRepository tweets;
  private final CountedEdges userTimelines;
  private final CountedEdges replies;
  private final HomeTimelines homes;
  private final SocialGraph graph;
  private final int fanOutBatch;
  private final int backfillSize;

  public TimelineWriter(
      TweetRepository tweets,
      CountedEdges userTimelines,
      CountedEdges replies,
      HomeTimelines homes,
      SocialGraph graph,
      int fanOutBatch,
      int backfillSize) {
    this.tweets = tweets;
    this.userTimelines = userTimelines;
    this.replies = replies;
    this.homes = homes;
    this.graph = graph;
    this.fanOutBatch = fanOutBatch;
    this.backfillSize = backfillSize;
  }

  /**
   * The tweet itself, the author's own timeline and count, and the parent's reply count: what
   * read-your-writes needs.
   */
  public CompletionStage<Void> recordForAuthor(TweetData tweet) {
    return tweets.upsert(tweet).thenCompose(done -> placeInTimelines(tweet, true, POSTED_VERSION));
  }

  /**
   * Tombstones the tweet: gone from lookups at once, out of its author's timeline and its parent's
   * replies with the counts adjusted. Home timeline rows stay and are skipped on read, since
   * finding them all would mean visiting every follower's timeline.
   */
  public CompletionStage<Void> onDeleted(TweetData tweet) {
    return tweets
        .markDeleted(tweet.tweetId())
        .thenCompose(done -> placeInTimelines(tweet, false, DELETED_VERSION));
  }

  private CompletionStage<Void> placeInTimelines(TweetData tweet, boolean present, long version) {
    var ownTimeline =
        userTimelines
            .apply(tweet.authorId(), tweet.tweetId(), present, version, tweet.createdAt())
            .toCompletableFuture();
    CompletableFuture<?> underParent =
        tweet.replyToId() == null
            ? CompletableFuture.completedFuture(null)
            : replies
                .apply(tweet.replyToId(), tweet.tweetId(), present, version, tweet.createdAt())
                .toCompletableFuture();
    return CompletableFuture.allOf(ownTimeline, underParent);
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
