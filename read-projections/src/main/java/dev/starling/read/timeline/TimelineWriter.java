package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.timeline.Deliveries.Delivery;
import dev.starling.read.timeline.FanOut.Direction;
import dev.starling.read.timeline.HomeTimelines.Entry;
import dev.starling.tweet.TweetData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one place that says what a tweet, a delete, a follow or a mute does to timelines. The fast
 * path (right after the entity acknowledged: the author's read-your-writes, then the fan-out
 * started without holding the response) and the projection (the durable backstop, which waits for
 * the fan-out and so confirms it) both call it. Every write here is idempotent.
 */
public final class TimelineWriter {
  /** A tweet's rows (in its author's timeline, under its parent) are posted at 1, deleted at 2. */
  private static final long POSTED_VERSION = 1;

  private static final long DELETED_VERSION = 2;

  private final TweetRepository tweets;
  private final CountedEdges userTimelines;
  private final CountedEdges replies;
  private final HomeTimelines homes;
  private final HotTimelines hotHomes;
  private final HotTimelines hotAuthors;
  private final Deliveries deliveries;
  private final FanOuts fanOuts;
  private final PopularTweets popular;
  private final Celebrities celebrities;
  private final int backfillSize;

  TimelineWriter(
      TweetRepository tweets,
      CountedEdges userTimelines,
      CountedEdges replies,
      HomeTimelines homes,
      HotTimelines hotHomes,
      HotTimelines hotAuthors,
      Deliveries deliveries,
      FanOuts fanOuts,
      PopularTweets popular,
      Celebrities celebrities,
      int backfillSize) {
    this.tweets = tweets;
    this.userTimelines = userTimelines;
    this.replies = replies;
    this.homes = homes;
    this.hotHomes = hotHomes;
    this.hotAuthors = hotAuthors;
    this.celebrities = celebrities;
    this.deliveries = deliveries;
    this.fanOuts = fanOuts;
    this.popular = popular;
    this.backfillSize = backfillSize;
  }

  /**
   * The tweet itself, the author's own timeline and count, and the parent's reply count (what
   * read-your-writes needs), and the tweet among the candidates for new readers.
   */
  public CompletionStage<Void> recordForAuthor(TweetData tweet) {
    return tweets
        .upsert(tweet)
        .thenCompose(
            done ->
                CompletableFuture.allOf(
                    placeInTimelines(tweet, true, POSTED_VERSION).toCompletableFuture(),
                    popular.record(tweet).toCompletableFuture()))
        .thenRun(() -> hotAuthors.added(tweet.authorId(), List.of(entry(tweet))));
  }

  /**
   * Starts delivering the tweet to its author's followers, without waiting; only once {@link
   * #recordForAuthor} has completed (the backstop relies on that order).
   */
  public void startFanOut(TweetData tweet) {
    fanOuts.begin(tweet, Direction.ADD);
  }

  /**
   * The projection's backstop for a post: the author's views, then every follower served. A post
   * whose fan-out has begun had its author's views recorded already (the fast path records them
   * before it starts the fan-out), so then the backstop only confirms the fan-out, or resumes it.
   */
  public CompletionStage<Void> onPosted(TweetData tweet) {
    return fanOuts
        .begun(tweet, Direction.ADD)
        .thenCompose(
            begun -> begun ? CompletableFuture.<Void>completedFuture(null) : recordForAuthor(tweet))
        .thenCompose(done -> fanOuts.complete(tweet, Direction.ADD));
  }

  /**
   * Tombstones the tweet: gone from lookups at once, out of its author's timeline and its parent's
   * replies with the counts adjusted.
   */
  public CompletionStage<Void> removeForAuthor(TweetData tweet) {
    return tweets
        .markDeleted(tweet.tweetId())
        .thenCompose(done -> placeInTimelines(tweet, false, DELETED_VERSION))
        .thenRun(() -> hotAuthors.removed(tweet.authorId(), List.of(tweet.tweetId())));
  }

  /** Starts taking the tweet out of its author's followers' home timelines, without waiting. */
  public void startRemoval(TweetData tweet) {
    fanOuts.begin(tweet, Direction.REMOVE);
  }

  /** The projection's backstop for a delete: gone for the author, then from every follower. */
  public CompletionStage<Void> onDeleted(TweetData tweet) {
    return removeForAuthor(tweet).thenCompose(done -> fanOuts.complete(tweet, Direction.REMOVE));
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

  /**
   * A new follow brings the followee's latest tweets into the follower's home timeline; an ended
   * follow takes them out.
   */
  public CompletionStage<Void> onFollowChanged(
      long followerId, long followeeId, boolean following) {
    return following ? backfill(followerId, followeeId) : dropAuthor(followerId, followeeId);
  }

  /** Takes every tweet of {@code authorId} out of the reader's home timeline (a mute, a block). */
  public CompletionStage<Void> dropAuthor(long readerId, long authorId) {
    return homes
        .removeAuthor(readerId, authorId)
        .thenAccept(removed -> hotHomes.removed(readerId, removed));
  }

  /**
   * Brings the author's latest tweets into the reader's home timeline (a follow, an unmute) —
   * unless the author is a celebrity, whose tweets reach readers by the read-time merge and are
   * never stored in home timelines.
   */
  public CompletionStage<Void> backfill(long readerId, long authorId) {
    return celebrities
        .fanOutSkipped(authorId)
        .thenCompose(
            merged ->
                merged
                    ? CompletableFuture.<Void>completedFuture(null)
                    : userTimelines
                        .scanBefore(authorId, Long.MAX_VALUE, backfillSize)
                        .thenCompose(
                            scan ->
                                deliveries.deliver(
                                    scan.active().stream()
                                        .map(
                                            tweet ->
                                                new Delivery(
                                                    readerId,
                                                    new Entry(tweet.id(), authorId),
                                                    true))
                                        .toList())));
  }

  private static Entry entry(TweetData tweet) {
    return new Entry(tweet.tweetId(), tweet.authorId());
  }
}
