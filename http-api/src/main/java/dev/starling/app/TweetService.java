package dev.starling.app;

import dev.starling.common.CountryCode;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.Snowflake;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.media.Media;
import dev.starling.media.MediaData;
import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.TweetMedia;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    if (draft.text() == null && draft.mediaIds().isEmpty()) {
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
    if (new HashSet<>(draft.mediaIds()).size() < draft.mediaIds().size()) {
      return CompletableFuture.failedFuture(
          Rejected.invalid("media_ids names the same media more than once"));
    }
    var mediaIds = new ArrayList<Long>();
    for (String raw : draft.mediaIds()) {
      try {
        mediaIds.add(Long.parseLong(raw));
      } catch (NumberFormatException | NullPointerException e) {
        return CompletableFuture.failedFuture(Rejected.notFound("no media with id '" + raw + "'"));
      }
    }
    return referencedTweetsVisible(callerId, draft)
        .thenCompose(done -> tweetId(callerId, idempotencyKey))
        .thenCompose(
            tweetId ->
                attachAll(callerId, tweetId, mediaIds)
                    .thenCompose(media -> postWithMedia(callerId, tweetId, draft, media)))
        .thenCompose(tweet -> publish(tweet).thenApply(done -> tweet));
  }

  private CompletionStage<TweetData> postWithMedia(
      long callerId, long tweetId, TweetDraft draft, List<MediaData> media) {
    List<TweetMedia> refs =
        media.stream().map(m -> new TweetMedia(m.id(), m.contentType(), m.key())).toList();
    return entities
        .<Tweet.Command, Outcome<TweetData>>ask(
            Tweet.ENTITY_KEY,
            Long.toString(tweetId),
            r ->
                new Tweet.Post(
                    callerId,
                    draft.text() == null ? "" : draft.text(),
                    draft.visibility(),
                    draft.replyToId(),
                    draft.quoteOfId(),
                    CountryCode.parse(draft.place()).orElse(null),
                    refs,
                    clock.instant(),
                    r))
        .thenCompose(
            outcome ->
                outcome instanceof Outcome.Rejected<TweetData>
                    ? detachUnlessPosted(tweetId, mediaIds(media))
                        .thenCompose(done -> Outcomes.accepted(outcome))
                    : Outcomes.accepted(outcome));
  }

  /**
   * Attaches each medium to the tweet about to be posted, in the order given. Attaching is
   * idempotent per tweet, so a retried post (same Idempotency-Key, same tweet id) attaches nothing
   * twice. When any medium is refused, those attached are detached again and the first refusal is
   * the answer.
   */
  private CompletionStage<List<MediaData>> attachAll(
      long callerId, long tweetId, List<Long> mediaIds) {
    if (mediaIds.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    var asks =
        mediaIds.stream()
            .map(
                id ->
                    entities
                        .<Media.Command, Outcome<MediaData>>ask(
                            Media.ENTITY_KEY,
                            Long.toString(id),
                            r -> new Media.Attach(callerId, tweetId, clock.instant(), r))
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              var attached = new ArrayList<MediaData>();
              Outcome<MediaData> refused = null;
              for (var ask : asks) {
                var outcome = ask.join();
                if (outcome instanceof Outcome.Accepted<MediaData> accepted) {
                  attached.add(accepted.value());
                } else if (refused == null) {
                  refused = outcome;
                }
              }
              if (refused == null) {
                return CompletableFuture.completedFuture(List.copyOf(attached));
              }
              Outcome<MediaData> refusal = refused;
              return detachUnlessPosted(tweetId, mediaIds(attached))
                  .thenCompose(
                      detached ->
                          Outcomes.accepted(refusal).thenApply(never -> List.<MediaData>of()));
            });
  }

  private static List<Long> mediaIds(List<MediaData> media) {
    return media.stream().map(MediaData::id).toList();
  }

  /**
   * Gives media back when their tweet was not posted; when an earlier attempt of the same post did
   * post it (a retry with other media), the media stay with that tweet.
   */
  private CompletionStage<Void> detachUnlessPosted(long tweetId, List<Long> mediaIds) {
    if (mediaIds.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return entities
        .<Tweet.Command, Optional<TweetData>>ask(
            Tweet.ENTITY_KEY, Long.toString(tweetId), Tweet.Get::new)
        .thenCompose(
            posted -> {
              if (posted.isPresent()) {
                return CompletableFuture.completedFuture(null);
              }
              return CompletableFuture.allOf(
                  mediaIds.stream()
                      .map(
                          id ->
                              entities
                                  .<Media.Command, Outcome<MediaData>>ask(
                                      Media.ENTITY_KEY,
                                      Long.toString(id),
                                      r -> new Media.Detach(tweetId, clock.instant(), r))
                                  .toCompletableFuture())
                      .toArray(CompletableFuture[]::new));
            });
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
    Instant at = clock.instant();
    return entities
        .<Tweet.Command, Outcome<TweetData>>ask(
            Tweet.ENTITY_KEY, Long.toString(tweetId), r -> new Tweet.Delete(callerId, at, r))
        .thenCompose(outcome -> hidingForbidden(callerId, tweetId, outcome))
        .thenCompose(
            deleted -> {
              var writer = readSide.timelineWriter();
              // the media-release projection does the same from the journal should this node stop
              return readSide
                  .mediaRelease()
                  .release(deleted, at)
                  .thenCompose(released -> writer.removeForAuthor(deleted))
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
