package dev.starling.http.routes;

import dev.starling.app.EngagementService;
import dev.starling.app.TweetService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.Cursors;
import dev.starling.http.dto.NewTweet;
import dev.starling.http.dto.PageDto;
import dev.starling.http.dto.TweetDto;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/tweets}: post, read and delete tweets; like, retweet, list replies. */
public final class TweetRoutes extends ApiDirectives {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private final TweetService tweets;
  private final EngagementService engagement;
  private final Views views;

  public TweetRoutes(TweetService tweets, EngagementService engagement, Views views) {
    this.tweets = tweets;
    this.engagement = engagement;
    this.views = views;
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
                                                        await(
                                                            engagement.delete(callerId, tweetId),
                                                            done ->
                                                                complete(
                                                                    StatusCodes.NO_CONTENT))))),
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
                        tweets
                            .post(callerId, request, key)
                            .thenCompose(tweet -> views.tweet(callerId, tweet)),
                        tweet -> json(StatusCodes.CREATED, tweet))));
  }

  private Route tweet(long callerId, long tweetId) {
    return await(
        tweets.get(callerId, tweetId).thenCompose(tweet -> views.tweet(callerId, tweet)),
        tweet -> json(StatusCodes.OK, tweet));
  }

  private Route like(long callerId, long tweetId) {
    return concat(
        post(() -> await(engagement.like(callerId, tweetId), this::likeState)),
        delete(() -> await(engagement.unlike(callerId, tweetId), this::likeState)));
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
                await(
                    engagement
                        .retweet(callerId, tweetId)
                        .thenCompose(
                            result ->
                                views
                                    .tweet(callerId, result.retweet())
                                    .thenApply(dto -> Map.entry(result.created(), dto))),
                    created ->
                        json(
                            created.getKey() ? StatusCodes.CREATED : StatusCodes.OK,
                            created.getValue()))),
        delete(
            () ->
                await(
                    engagement.undoRetweet(callerId, tweetId),
                    done -> complete(StatusCodes.NO_CONTENT))));
  }

  private Route replies(long callerId, long tweetId) {
    return pageOldestFirst(
        (after, limit) -> {
          CompletionStage<PageDto<TweetDto>> page =
              tweets
                  .replies(callerId, tweetId, after, limit)
                  .thenCompose(
                      replies ->
                          tweets
                              .visibleTo(callerId, replies.items())
                              .thenCompose(visible -> views.tweets(callerId, visible))
                              .thenApply(
                                  items ->
                                      new PageDto<>(
                                          items,
                                          replies.nextCursor() == null
                                              ? null
                                              : Cursors.encode(replies.nextCursor()))));
          return await(page, body -> json(StatusCodes.OK, body));
        });
  }
}
