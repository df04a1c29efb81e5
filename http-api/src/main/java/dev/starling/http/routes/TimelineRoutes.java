package dev.starling.http.routes;

import dev.starling.app.TweetService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Cursors;
import dev.starling.http.dto.PageDto;
import dev.starling.http.dto.TweetDto;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.timeline.TimelineReader;
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
                                      withoutHiddenAuthors(
                                          callerId,
                                          readSide
                                              .timelineReader()
                                              .home(callerId, before, limit))));
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

  /**
   * A home timeline also leaves out the authors its reader mutes; blocks are left out of every
   * timeline by {@link TweetService#canSee}.
   */
  private CompletionStage<TimelineReader.Page> withoutHiddenAuthors(
      long callerId, CompletionStage<TimelineReader.Page> page) {
    return page.thenCombine(
        readSide.hiddenAuthors().hiddenFrom(callerId),
        (p, hidden) ->
            new TimelineReader.Page(
                p.items().stream().filter(t -> !hidden.contains(t.authorId())).toList(),
                p.nextCursor()));
  }

  private Route respond(long callerId, CompletionStage<TimelineReader.Page> page) {
    CompletionStage<PageDto<TweetDto>> body =
        page.thenCompose(
            p ->
                tweets
                    .visibleTo(callerId, p.items())
                    .thenCompose(visible -> views.tweets(callerId, visible))
                    .thenApply(
                        items ->
                            new PageDto<>(
                                items,
                                p.nextCursor() == null ? null : Cursors.encode(p.nextCursor()))));
    return await(body, dto -> json(StatusCodes.OK, dto));
  }
}
