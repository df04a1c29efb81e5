package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.timeline.HomeTimelineQuery;
import dev.starling.read.timeline.UserTimelineQuery;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** Home and user timelines, newest first, paged by opaque cursors. */
public final class TimelineRoutes extends ApiDirectives {
  private final HomeTimelineQuery homeTimeline;
  private final UserTimelineQuery userTimeline;
  private final UserQuery users;

  public TimelineRoutes(
      HomeTimelineQuery homeTimeline, UserTimelineQuery userTimeline, UserQuery users) {
    this.homeTimeline = homeTimeline;
    this.userTimeline = userTimeline;
    this.users = users;
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
                                  await(
                                      homeTimeline.page(callerId, before, limit),
                                      page -> json(StatusCodes.OK, Representations.tweets(page))));
                        })));
  }

  public Route userTimeline(long callerId, long userId) {
    return page(
        (before, limit) ->
            await(
                users.byId(userId),
                user -> {
                  if (user.isEmpty()) {
                    throw ApiProblem.notFound("no user with id " + userId);
                  }
                  return await(
                      userTimeline.page(callerId, userId, before, limit),
                      page -> json(StatusCodes.OK, Representations.tweets(page)));
                }));
  }
}
