package dev.starling.http.routes;

import dev.starling.app.TweetService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.dto.NewTweet;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/tweets}: post and read single tweets. */
public final class TweetRoutes extends ApiDirectives {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private final TweetService tweets;
  private final Views views;

  public TweetRoutes(TweetService tweets, Views views) {
    this.tweets = tweets;
    this.views = views;
  }

  public Route routes(long callerId) {
    return pathPrefix(
        "tweets",
        () ->
            concat(
                pathEnd(
                    () ->
                        post(
                            () ->
                                optionalHeaderValueByName(
                                    IDEMPOTENCY_KEY,
                                    key ->
                                        jsonBody(
                                            NewTweet.class,
                                            request ->
                                                await(
                                                    tweets
                                                        .post(callerId, request, key)
                                                        .thenCompose(views::tweet),
                                                    tweet -> json(StatusCodes.CREATED, tweet)))))),
                path(
                    PathMatchers.segment(),
                    segment ->
                        withId(
                            segment,
                            tweetId ->
                                get(
                                    () ->
                                        await(
                                            tweets.get(callerId, tweetId).thenCompose(views::tweet),
                                            tweet -> json(StatusCodes.OK, tweet)))))));
  }
}
