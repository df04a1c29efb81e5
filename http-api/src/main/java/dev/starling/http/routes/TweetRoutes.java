package dev.starling.http.routes;

import dev.starling.app.EngagementService;
import dev.starling.app.TweetDraft;
import dev.starling.app.TweetService;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.http.dto.NewTweet;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.read.timeline.TweetQuery;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/tweets}: post, read and delete tweets; like, retweet, list replies. */
public final class TweetRoutes extends ApiDirectives {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private final TweetService tweets;
  private final EngagementService engagement;
  private final TweetQuery query;

  public TweetRoutes(TweetService tweets, EngagementService engagement, TweetQuery query) {
    this.tweets = tweets;
    this.engagement = engagement;
    this.query = query;
  }

  public Route routes(long callerId) {
    return pathPrefix(
        "tweets",
        () ->
            concat(
                pathEnd(() -> post(() -> postTweet(callerId))),
                pathPrefix(
                    PathMatchers.segment(),
                    segment ->
                        withId(
                            segment,
                            tweetId ->
                                concat(
                                    pathEnd(
                                        () ->
                                            concat(
                                                get(() -> tweet(callerId, tweetId)),
                                                delete(
                                                    () ->
                                                        bodyless(
                                                            () ->
                                                                await(
                                                                    engagement.delete(
                                                                        callerId, tweetId),
                                                                    done ->
                                                                        complete(
                                                                            StatusCodes
                                                                                .NO_CONTENT)))))),
                                    path("like", () -> like(callerId, tweetId)),
                                    path("retweet", () -> retweet(callerId, tweetId)),
                                    path(
                                        "replies",
                                        () -> get(() -> replies(callerId, tweetId))))))));
  }

  private Route postTweet(long callerId) {
    return optionalHeaderValueByName(
        IDEMPOTENCY_KEY,
        key ->
            jsonBody(
                NewTweet.class,
                request ->
                    await(
                        tweets.post(callerId, draft(callerId, request), validKey(key)),
                        tweet -> shown(StatusCodes.CREATED, callerId, tweet))));
  }

  /** The request as the application sees it; what cannot be that is the client's mistake. */
  private static TweetDraft draft(long callerId, NewTweet request) {
    if (request.userId() != null && !request.userId().equals(Long.toString(callerId))) {
      throw ApiProblem.forbidden("user_id must be the authenticated user");
    }
    Visibility visibility =
        request.visibility() == null
            ? Visibility.PUBLIC
            : Visibility.fromWireName(request.visibility())
                .orElseThrow(
                    () -> ApiProblem.unprocessable("visibility must be public or followers"));
    return new TweetDraft(
        request.text(),
        visibility,
        optionalId(request.replyToId(), "reply_to_id"),
        optionalId(request.quoteOfId(), "quote_of_id"),
        request.mediaIds(),
        request.place());
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

  /**
   * 1 to 64 visible ASCII characters; any of them may be used, since a key with characters that
   * entity ids reserve is named by its digest ({@link IdempotencyKey#entityId}).
   */
  private static Optional<String> validKey(Optional<String> key) {
    key.ifPresent(
        k -> {
          if (k.isEmpty()
              || k.length() > IdempotencyKey.MAX_KEY_LENGTH
              || !k.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiProblem.badRequest(
                IDEMPOTENCY_KEY
                    + " must be 1 to "
                    + IdempotencyKey.MAX_KEY_LENGTH
                    + " visible ASCII characters");
          }
        });
    return key;
  }

  private Route tweet(long callerId, long tweetId) {
    return await(
        query.byId(callerId, tweetId),
        found ->
            revalidated(
                Representations.tweet(
                    found.orElseThrow(() -> ApiProblem.notFound("no tweet with id " + tweetId)))));
  }

  /** A tweet the caller just wrote, as they see it. */
  private Route shown(StatusCode status, long callerId, TweetData written) {
    return await(
        query.view(callerId, written),
        found ->
            json(
                status,
                Representations.tweet(
                    found.orElseThrow(() -> ApiProblem.notFound("the tweet is gone")))));
  }

  private Route like(long callerId, long tweetId) {
    return concat(
        post(() -> bodyless(() -> await(engagement.like(callerId, tweetId), this::likeState))),
        delete(() -> bodyless(() -> await(engagement.unlike(callerId, tweetId), this::likeState))));
  }

  private Route likeState(EngagementService.LikeState state) {
    var body = new LinkedHashMap<String, Object>();
    body.put("liked", state.liked());
    body.put("like_count", state.likeCount());
    return json(StatusCodes.OK, body);
  }

  private Route retweet(long callerId, long tweetId) {
    return concat(
        post(
            () ->
                bodyless(
                    () ->
                        await(
                            engagement.retweet(callerId, tweetId),
                            result ->
                                shown(
                                    result.created() ? StatusCodes.CREATED : StatusCodes.OK,
                                    callerId,
                                    result.retweet())))),
        delete(
            () ->
                bodyless(
                    () ->
                        await(
                            engagement.undoRetweet(callerId, tweetId),
                            done -> complete(StatusCodes.NO_CONTENT)))));
  }

  private Route replies(long callerId, long tweetId) {
    return pageOldestFirst(
        (after, limit) ->
            await(
                query.replies(callerId, tweetId, after, limit),
                page ->
                    json(
                        StatusCodes.OK,
                        Representations.tweets(
                            page.orElseThrow(
                                () -> ApiProblem.notFound("no tweet with id " + tweetId))))));
  }
}
