package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.common.Snowflake;
import dev.starling.engagement.Engagement;
import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Likes and retweets. The {@link Engagement} entity of the (user, tweet) pair decides; the counts
 * are then updated before answering so the caller sees their own like at once. A retweet is also a
 * tweet of the caller's, posted (or deleted on undo) right after the engagement event; the
 * engagement projection completes that step if this node dies in between.
 */
public final class EngagementService {
  public record LikeState(boolean liked, long likeCount) {}

  public record RetweetResult(TweetData retweet, boolean created) {}

  private final Entities entities;
  private final ReadSide readSide;
  private final TweetService tweets;
  private final Snowflake ids;
  private final Clock clock;

  public EngagementService(
      Entities entities, ReadSide readSide, TweetService tweets, Snowflake ids, Clock clock) {
    this.entities = entities;
    this.readSide = readSide;
    this.tweets = tweets;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletionStage<LikeState> like(long callerId, long tweetId) {
    return setLike(callerId, tweetId, true);
  }

  public CompletionStage<LikeState> unlike(long callerId, long tweetId) {
    return setLike(callerId, tweetId, false);
  }

  private CompletionStage<LikeState> setLike(long callerId, long tweetId, boolean like) {
    return original(callerId, tweetId)
        .thenCompose(
            tweet ->
                engagement(
                    callerId,
                    tweet.tweetId(),
                    r ->
                        like
                            ? new Engagement.Like(callerId, tweet.tweetId(), clock.instant(), r)
                            : new Engagement.Unlike(callerId, tweet.tweetId(), clock.instant(), r)))
        .thenCompose(
            change ->
                readSide
                    .engagementUpdater()
                    .applyLike(
                        callerId, change.tweetId(), change.liked(), change.version(), change.at())
                    .thenApply(count -> new LikeState(change.liked(), count)));
  }

  public CompletionStage<RetweetResult> retweet(long callerId, long tweetId) {
    return original(callerId, tweetId)
        .thenCompose(
            original -> {
              if (original.visibility() != Visibility.PUBLIC) {
                throw Rejected.forbidden("followers-only tweets cannot be retweeted");
              }
              long candidate = ids.next();
              return engagement(
                  callerId,
                  original.tweetId(),
                  r ->
                      new Engagement.Retweet(
                          callerId, original.tweetId(), candidate, clock.instant(), r));
            })
        .thenCompose(
            change ->
                postRetweet(callerId, change)
                    .thenCompose(
                        posted -> {
                          var result = new RetweetResult(posted.retweet(), change.changed());
                          // an undo racing this request already ended the retweet and its counts
                          if (!change.changed() || posted.deleted()) {
                            return CompletableFuture.completedFuture(result);
                          }
                          return readSide
                              .engagementUpdater()
                              .applyRetweet(
                                  callerId, change.tweetId(), true, change.version(), change.at())
                              .thenCompose(count -> tweets.publish(posted.retweet()))
                              .thenApply(done -> result);
                        }));
  }

  /** Posts the retweet the engagement entity claimed, or finds it posted (and maybe deleted). */
  private CompletionStage<Tweet.RetweetPosted> postRetweet(
      long callerId, Engagement.Change change) {
    return entities
        .<Tweet.Command, Outcome<Tweet.RetweetPosted>>ask(
            Tweet.ENTITY_KEY,
            Long.toString(change.retweetId()),
            r -> new Tweet.PostRetweet(callerId, change.tweetId(), change.at(), r))
        .thenCompose(Outcomes::accepted);
  }

  public CompletionStage<Void> undoRetweet(long callerId, long tweetId) {
    return original(callerId, tweetId)
        .thenCompose(original -> endRetweet(callerId, original.tweetId()))
        .thenCompose(
            change -> {
              if (!change.changed()) {
                return CompletableFuture.completedFuture(null);
              }
              // posted first, so a retweet request still on its way to the id cannot post it
              // after this delete: it finds the retweet deleted instead
              return postRetweet(callerId, change)
                  .thenCompose(
                      posted ->
                          posted.deleted()
                              ? CompletableFuture.completedFuture(null)
                              : tweets
                                  .tombstone(callerId, change.retweetId())
                                  .exceptionally(deletedMeanwhile -> null))
                  .thenCompose(done -> countRetweetEnded(change));
            });
  }

  /**
   * Deletes the caller's tweet (403 for anyone else's). Deleting a retweet this way is undoing it,
   * so the engagement entity is told too and the caller may retweet again.
   */
  public CompletionStage<Void> delete(long callerId, long tweetId) {
    return tweets
        .tombstone(callerId, tweetId)
        .thenCompose(
            deleted ->
                deleted.isRetweet()
                    ? endRetweet(callerId, deleted.retweetOfId())
                        .thenCompose(this::countRetweetEnded)
                    : CompletableFuture.completedFuture(null));
  }

  private CompletionStage<Engagement.Change> endRetweet(long callerId, long originalId) {
    return engagement(
        callerId,
        originalId,
        r -> new Engagement.UndoRetweet(callerId, originalId, clock.instant(), r));
  }

  private CompletionStage<Void> countRetweetEnded(Engagement.Change change) {
    return readSide
        .engagementUpdater()
        .applyRetweet(change.userId(), change.tweetId(), false, change.version(), change.at())
        .thenApply(count -> null);
  }

  /** The tweet the caller may see, or the original when it names a retweet. */
  private CompletionStage<TweetData> original(long callerId, long tweetId) {
    return tweets
        .visibleTweet(callerId, tweetId)
        .thenCompose(
            tweet ->
                tweet.isRetweet()
                    ? tweets.visibleTweet(callerId, tweet.retweetOfId())
                    : CompletableFuture.completedFuture(tweet));
  }

  private CompletionStage<Engagement.Change> engagement(
      long callerId,
      long tweetId,
      Function<ActorRef<Outcome<Engagement.Change>>, Engagement.Command> command) {
    return entities
        .<Engagement.Command, Outcome<Engagement.Change>>ask(
            Engagement.ENTITY_KEY, Engagement.entityId(callerId, tweetId), command)
        .thenCompose(Outcomes::accepted);
  }
}
