package dev.starling.app;

import dev.starling.common.CountryCode;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.Snowflake;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Posting and deleting tweets. A post is acknowledged once the tweet entity persisted it and the
 * author's own views show it; fan-out to followers then runs on the fast path without holding the
 * response, and the timeline projection repeats it durably.
 */
public final class TweetService {
  public static final int MAX_MEDIA = 4;

  private final Entities entities;
  private final ReadSide readSide;
  private final Snowflake ids;
  private final Clock clock;

  public TweetService(Entities entities, ReadSide readSide, Snowflake ids, Clock clock) {
    this.entities = entities;
    this.readSide = readSide;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Posts the caller's tweet. A tweet it replies to or quotes must be one the caller may see (else
   * it is not found, exactly like a tweet that does not exist); with an idempotency key, a repeat
   * within the key's window answers the first tweet.
   */
  public CompletionStage<TweetData> post(
      long callerId, TweetDraft draft, Optional<String> idempotencyKey) {
    if (draft.text() == null) {
      return CompletableFuture.failedFuture(Rejected.invalid("text is required"));
    }
    if (draft.mediaIds().size() > MAX_MEDIA) {
      return CompletableFuture.failedFuture(
          Rejected.invalid("at most " + MAX_MEDIA + " media can be attached"));
    }
    if (draft.place() != null && CountryCode.parse(draft.place()).isEmpty()) {
      return CompletableFuture.failedFuture(
          Rejected.invalid("place must be an ISO 3166-1 alpha-2 country code"));
    }
    if (!draft.mediaIds().isEmpty()) {
      return CompletableFuture.failedFuture(
          Rejected.notFound("no media with id '" + draft.mediaIds().get(0) + "'"));
    }
    return referencedTweetsVisible(callerId, draft)
        .thenCompose(done -> tweetId(callerId, idempotencyKey))
        .thenCompose(
            tweetId ->
                entities.<Tweet.Command, Outcome<TweetData>>ask(
                    Tweet.ENTITY_KEY,
                    Long.toString(tweetId),
                    r ->
                        new Tweet.Post(
                            callerId,
                            draft.text(),
                            draft.visibility(),
                            draft.replyToId(),
                            draft.quoteOfId(),
                            CountryCode.parse(draft.place()).orElse(null),
                            clock.instant(),
                            r)))
        .thenCompose(Outcomes::accepted)
        .thenCompose(tweet -> publish(tweet).thenApply(done -> tweet));
  }

  /**
   * The fast path after an acknowledged post: the author's own views before answering; the fan-out
   * to followers is started without holding the response (the timeline projection completes it if
   * this node dies first).
   */
  CompletionStage<Void> publish(TweetData tweet) {
    var writer = readSide.timelineWriter();
    return writer.recordForAuthor(tweet).thenRun(() -> writer.startFanOut(tweet));
  }

  /**
   * Deletes a tweet of the caller's and drops it from the read side at once. Someone else's tweet
   * is forbidden when the caller can see it and not found when they cannot, so a refusal tells
   * nothing about a tweet hidden from them.
   */
  CompletionStage<TweetData> tombstone(long callerId, long tweetId) {
    return entities
        .<Tweet.Command, Outcome<TweetData>>ask(
            Tweet.ENTITY_KEY,
            Long.toString(tweetId),
            r -> new Tweet.Delete(callerId, clock.instant(), r))
        .thenCompose(outcome -> hidingForbidden(callerId, tweetId, outcome))
        .thenCompose(
            deleted -> {
              var writer = readSide.timelineWriter();
              return writer
                  .removeForAuthor(deleted)
                  .thenRun(() -> writer.startRemoval(deleted))
                  .thenApply(done -> deleted);
            });
  }

  /** A forbidden tweet the caller cannot even see is not found instead. */
  private CompletionStage<TweetData> hidingForbidden(
      long callerId, long tweetId, Outcome<TweetData> outcome) {
    if (outcome instanceof Outcome.Rejected<TweetData> rejected
        && rejected.rejection().kind() == Rejection.Kind.FORBIDDEN) {
      return visibleTweet(callerId, tweetId).thenCompose(visible -> Outcomes.accepted(outcome));
    }
    return Outcomes.accepted(outcome);
  }

  /** The tweet if the caller may see it; otherwise fails as not found. */
  CompletionStage<TweetData> visibleTweet(long callerId, long tweetId) {
    return readSide
        .tweets()
        .visible(callerId, tweetId)
        .thenApply(
            found -> found.orElseThrow(() -> Rejected.notFound("no tweet with id " + tweetId)));
  }

  private CompletionStage<Long> tweetId(long callerId, Optional<String> idempotencyKey) {
    long candidate = ids.next();
    if (idempotencyKey.isEmpty()) {
      return CompletableFuture.completedFuture(candidate);
    }
    return entities
        .<IdempotencyKey.Command, IdempotencyKey.Claimed>ask(
            IdempotencyKey.ENTITY_KEY,
            IdempotencyKey.entityId(callerId, idempotencyKey.get()),
            r -> new IdempotencyKey.Claim(candidate, clock.instant(), r))
        .thenApply(IdempotencyKey.Claimed::resourceId);
  }

  private CompletionStage<Void> referencedTweetsVisible(long callerId, TweetDraft draft) {
    var checks =
        Stream.of(draft.replyToId(), draft.quoteOfId())
            .filter(Objects::nonNull)
            .map(id -> visibleTweet(callerId, id).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(checks);
  }
}
