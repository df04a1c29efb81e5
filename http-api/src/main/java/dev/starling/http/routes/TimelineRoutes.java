package dev.starling.http.routes;

import dev.starling.app.TweetService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Cursors;
import dev.starling.http.dto.PageDto;
import dev.starling.http.dto.TweetDto;
import dev.starling.projection.ReadSide;
import dev.starling.timeline.TimelineReader;
import dev.starling.tweet.TweetData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** Home and user timelines, newest first, paged by opaque cursors. */
public final class TimelineRoutes extends ApiDirectives {
  private final ReadSide readSide;
  private final TweetService tweets;
  private final Views views;

  public TimelineRoutes(ReadSide readSide, TweetService tweets, Views views) {
    this.readSide = readSide;
    this.tweets = tweets;
    this.views = views;
  }

  public Route routes(long callerId) {
    return path(
        "home_timeline",
        () ->
            get(
                () ->
                    parameterOptional(
                        "user_id",
                        userId -> {
                          if (userId.isPresent() && !userId.get().equals(Long.toString(callerId))) {
                            throw ApiProblem.forbidden("user_id must be the authenticated user");
                          }
                          return page(
                              (before, limit) ->
                                  respond(
                                      callerId,
                                      readSide.timelineReader().home(callerId, before, limit)));
                        })));
  }

  public Route userTimeline(long callerId, long userId) {
    return page(
        (before, limit) ->
            await(
                readSide.users().find(userId),
                user -> {
                  if (user.isEmpty()) {
                    throw ApiProblem.notFound("no user with id " + userId);
                  }
                  return respond(
                      callerId, readSide.timelineReader().userTimeline(userId, before, limit));
                }));
  }

  private Route respond(long callerId, CompletionStage<TimelineReader.Page> page) {
    CompletionStage<PageDto<TweetDto>> body =
        page.thenCompose(
            p ->
                visibleTo(callerId, p.items())
                    .thenCompose(views::tweets)
                    .thenApply(
                        items ->
                            new PageDto<>(
                                items,
                                p.nextCursor() == null ? null : Cursors.encode(p.nextCursor()))));
    return await(body, dto -> json(StatusCodes.OK, dto));
  }

  private CompletionStage<List<TweetData>> visibleTo(long callerId, List<TweetData> items) {
    List<CompletableFuture<Boolean>> checks =
        items.stream().map(t -> tweets.canSee(callerId, t).toCompletableFuture()).toList();
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                java.util.stream.IntStream.range(0, items.size())
                    .filter(i -> checks.get(i).join())
                    .mapToObj(items::get)
                    .toList());
  }
}
