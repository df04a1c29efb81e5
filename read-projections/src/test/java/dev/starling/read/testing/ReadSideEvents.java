package dev.starling.read.testing;

import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What happened in the write model, applied to a read side through the updaters the fast path and
 * the projections use: accounts, follows, posts. Ids and versions come from counters of its own.
 */
public final class ReadSideEvents {
  private final ReadSide readSide;
  private final Instant at;
  private final long firstId;
  private final AtomicLong ids;
  private final AtomicLong versions = new AtomicLong(1);

  /**
   * @param at when everything happens (tweets a millisecond apart)
   * @param firstId ids handed out start above it
   */
  public ReadSideEvents(ReadSide readSide, Instant at, long firstId) {
    this.readSide = readSide;
    this.at = at;
    this.firstId = firstId;
    this.ids = new AtomicLong(firstId);
  }

  public static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /**
   * Polls {@code done} until it is true; fails with {@code failure}'s message once {@code bound}
   * has passed without it.
   */
  public static void await(BooleanSupplier done, Duration bound, Supplier<String> failure) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A version newer than every one handed out before, as an aggregate's next event has. */
  public long nextVersion() {
    return versions.incrementAndGet();
  }

  public long user(String handle) {
    long id = ids.incrementAndGet();
    join(
        readSide
            .accountsUpdater()
            .apply(new User.Activated(new Profile(id, handle, handle, null, null, at))));
    return id;
  }

  public void follow(long follower, long followee, boolean following) {
    join(readSide.followUpdater().apply(follower, followee, following, nextVersion(), at));
  }

  /** A tweet not yet applied anywhere; {@code retweetOf} null for an original. */
  public TweetData tweet(long author, Visibility visibility, Long retweetOf) {
    long id = ids.incrementAndGet();
    return new TweetData(
        id,
        author,
        retweetOf == null ? "tweet " + id : "",
        visibility,
        null,
        null,
        retweetOf,
        List.of(),
        List.of(),
        List.of(),
        at.plusMillis(id - firstId),
        null);
  }

  /** Posts as the projection applies a post: the author's views, then every follower served. */
  public TweetData post(long author, Visibility visibility) {
    return applied(tweet(author, visibility, null));
  }

  public TweetData retweet(long by, TweetData original) {
    return applied(tweet(by, Visibility.PUBLIC, original.tweetId()));
  }

  public TweetData applied(TweetData tweet) {
    join(readSide.timelineWriter().onPosted(tweet));
    return tweet;
  }
}
