package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.common.Snowflake;
import dev.starling.http.ApiProblem;
import dev.starling.http.dto.NewTweet;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.timeline.TimelineReader;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posting and reading single tweets. A post is acknowledged once the tweet entity persisted it and
 * the author's own views show it; fan-out to followers then runs on the fast path without holding
 * the response, and the timeline projection repeats it durably.
 */
public final class TweetService {
  private static final Logger log = LoggerFactory.getLogger(TweetService.class);
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

  public CompletionStage<TweetData> post(
      long callerId, NewTweet request, Optional<String> idempotencyKey) {
    if (request.userId() != null && !request.userId().equals(Long.toString(callerId))) {
      throw ApiProblem.forbidden("user_id must be the authenticated user");
    }
    if (request.text() == null) {
      throw ApiProblem.unprocessable("text is required");
    }
    var media = request.mediaIds() == null ? List.<String>of() : request.mediaIds();
    if (media.size() > MAX_MEDIA) {
      throw ApiProblem.unprocessable("at most " + MAX_MEDIA + " media can be attached");
    }
    if (!media.isEmpty()) {
      throw ApiProblem.notFound("no media with id '" + media.get(0) + "'");
    }
    var visibility =
        request.visibility() == null
            ? Visibility.PUBLIC
            : Visibility.fromWireName(request.visibility())
                .orElseThrow(
                    () -> ApiProblem.unprocessable("visibility must be public or followers"));
    Long replyTo = optionalId(request.replyToId(), "reply_to_id");
    Long quoteOf = optionalId(request.quoteOfId(), "quote_of_id");
    idempotencyKey.ifPresent(TweetService::validateKey);

    return referencedTweetsExist(replyTo, quoteOf)
        .thenCompose(done -> noBlockBetween(callerId, replyTo))
        .thenCompose(done -> tweetId(callerId, idempotencyKey))
        .thenCompose(
            tweetId ->
                entities.<Tweet.Command, Outcome<TweetData>>ask(
                    Tweet.ENTITY_KEY,
                    Long.toString(tweetId),
                    r ->
                        new Tweet.Post(
                            callerId,
                            request.text(),
                            visibility,
                            replyTo,
                            quoteOf,
                            clock.instant(),
                            r)))
        .thenCompose(Outcomes::accepted)
        .thenCompose(tweet -> publish(tweet).thenApply(done -> tweet));
  }

  /**
   * The fast path after an acknowledged post: the author's own views before answering, the
   * followers' home timelines right after, without holding the response.
   */
  CompletionStage<Void> publish(TweetData tweet) {
    return readSide
        .timelineWriter()
        .recordForAuthor(tweet)
        .thenRun(
            () ->
                readSide
                    .timelineWriter()
                    .fanOut(tweet)
                    .whenComplete(
                        (ok, failure) -> {
                          if (failure != null) {
                            log.warn(
                                "Fast fan-out of tweet {} failed; the projection will deliver it",
                                tweet.tweetId(),
                                failure);
                          }
                        }));
  }

  /** Deletes the caller's tweet and drops it from the read side at once. */
  CompletionStage<TweetData> tombstone(long callerId, long tweetId) {
    return entities
        .<Tweet.Command, Outcome<TweetData>>ask(
            Tweet.ENTITY_KEY,
            Long.toString(tweetId),
            r -> new Tweet.Delete(callerId, clock.instant(), r))
        .thenCompose(Outcomes::accepted)
        .thenCompose(
            deleted -> readSide.timelineWriter().onDeleted(deleted).thenApply(done -> deleted));
  }

  /** Replies to a tweet the caller may see, oldest first, above the reply id {@code after}. */
  public CompletionStage<TimelineReader.Page> replies(
      long callerId, long parentId, long after, int limit) {
    return get(callerId, parentId)
        .thenCompose(parent -> readSide.tweetCounts().replies().scanAfter(parentId, after, limit))
        .thenCompose(
            scan ->
                readSide
                    .tweets()
                    .findAll(scan.active().stream().map(CountedEdges.Member::id).toList())
                    .thenApply(
                        found ->
                            new TimelineReader.Page(
                                scan.active().stream()
                                    .map(reply -> found.get(reply.id()))
                                    .flatMap(Optional::stream)
                                    .toList(),
                                scan.filled(limit) ? scan.lastId() : null)));
  }

  /**
   * A tweet the caller may see: not deleted, not across a block, and followers-only tweets only to
   * followers.
   */
  public CompletionStage<TweetData> get(long callerId, long tweetId) {
    return readSide
        .tweets()
        .find(tweetId)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                throw ApiProblem.notFound("no tweet with id " + tweetId);
              }
              return canSee(callerId, found.get())
                  .thenApply(
                      visible -> {
                        if (!visible) {
                          throw ApiProblem.notFound("no tweet with id " + tweetId);
                        }
                        return found.get();
                      });
            });
  }

  /** The tweets of {@code items} the caller may see, in order. */
  public CompletionStage<List<TweetData>> visibleTo(long callerId, List<TweetData> items) {
    List<CompletableFuture<Boolean>> checks =
        items.stream().map(t -> canSee(callerId, t).toCompletableFuture()).toList();
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                IntStream.range(0, items.size())
                    .filter(i -> checks.get(i).join())
                    .mapToObj(items::get)
                    .toList());
  }

  /**
   * Whether the caller may see the tweet: not across a block, followers-only tweets only by
   * followers, and a retweet only while its original is there and visible to the caller too.
   */
  public CompletionStage<Boolean> canSee(long callerId, TweetData tweet) {
    if (tweet.isRetweet()) {
      return readSide
          .tweets()
          .find(tweet.retweetOfId())
          .thenCompose(
              original ->
                  original.isEmpty()
                      ? CompletableFuture.completedFuture(false)
                      : canSeeOwn(callerId, original.get())
                          .thenCombine(canSeeOwn(callerId, tweet), Boolean::logicalAnd));
    }
    return canSeeOwn(callerId, tweet);
  }

  private CompletionStage<Boolean> canSeeOwn(long callerId, TweetData tweet) {
    if (tweet.authorId() == callerId) {
      return CompletableFuture.completedFuture(true);
    }
    return readSide
        .hiddenAuthors()
        .blockedEitherWay(callerId, tweet.authorId())
        .thenCompose(
            blocked -> {
              if (blocked) {
                return CompletableFuture.completedFuture(false);
              }
              if (tweet.visibility() == Visibility.PUBLIC) {
                return CompletableFuture.completedFuture(true);
              }
              return readSide.graph().following().isActive(callerId, tweet.authorId());
            });
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

  private CompletionStage<Void> referencedTweetsExist(Long replyTo, Long quoteOf) {
    var checks =
        Stream.of(replyTo, quoteOf)
            .filter(Objects::nonNull)
            .map(
                id ->
                    readSide
                        .tweets()
                        .find(id)
                        .thenAccept(
                            found -> {
                              if (found.isEmpty()) {
                                throw ApiProblem.notFound("no tweet with id " + id);
                              }
                            })
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(checks);
  }

  /** Nobody replies across a block, whichever of the two users blocks the other. */
  private CompletionStage<Void> noBlockBetween(long callerId, Long replyTo) {
    if (replyTo == null) {
      return CompletableFuture.completedFuture(null);
    }
    return readSide
        .tweets()
        .find(replyTo)
        .thenCompose(
            parent ->
                parent.isEmpty()
                    ? CompletableFuture.completedFuture(false)
                    : readSide.hiddenAuthors().blockedEitherWay(callerId, parent.get().authorId()))
        .thenAccept(
            blocked -> {
              if (blocked) {
                throw ApiProblem.forbidden(
                    "you cannot reply to a user who blocks you or whom you block");
              }
            });
  }

  private static Long optionalId(String raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(field + " must be a decimal id string");
    }
  }

  private static void validateKey(String key) {
    if (key.isEmpty() || key.length() > IdempotencyKey.MAX_KEY_LENGTH) {
      throw ApiProblem.badRequest(
          "Idempotency-Key must be 1 to " + IdempotencyKey.MAX_KEY_LENGTH + " characters");
    }
  }
}
