package dev.starling.http.routes;

import dev.starling.app.FollowService;
import dev.starling.app.RelationshipService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Cursors;
import dev.starling.http.dto.PageDto;
import dev.starling.http.dto.UserDto;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.store.CountedEdges;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Users and the social graph under {@code /api/v1/users}. */
public final class UserRoutes extends ApiDirectives {
  private final Views views;
  private final FollowService follows;
  private final RelationshipService relationships;
  private final ReadSide readSide;
  private final TimelineRoutes timelines;

  public UserRoutes(
      Views views,
      FollowService follows,
      RelationshipService relationships,
      ReadSide readSide,
      TimelineRoutes timelines) {
    this.views = views;
    this.follows = follows;
    this.relationships = relationships;
    this.readSide = readSide;
    this.timelines = timelines;
  }

  public Route routes(long callerId) {
    return pathPrefix(
        "users",
        () ->
            concat(
                path("me", () -> get(() -> userById(callerId))),
                path(
                    PathMatchers.segment("by_handle").slash(PathMatchers.segment()),
                    handle -> get(() -> userByHandle(handle))),
                pathPrefix(
                    PathMatchers.segment(),
                    segment ->
                        withId(
                            segment,
                            userId ->
                                concat(
                                    pathEnd(() -> get(() -> userById(userId))),
                                    path(
                                        "follow",
                                        () ->
                                            toggle(
                                                "following",
                                                () -> follows.follow(callerId, userId),
                                                () -> follows.unfollow(callerId, userId))),
                                    path(
                                        "block",
                                        () ->
                                            toggle(
                                                "blocking",
                                                () -> relationships.block(callerId, userId),
                                                () -> relationships.unblock(callerId, userId))),
                                    path(
                                        "mute",
                                        () ->
                                            toggle(
                                                "muting",
                                                () -> relationships.mute(callerId, userId),
                                                () -> relationships.unmute(callerId, userId))),
                                    path(
                                        "followers",
                                        () ->
                                            get(
                                                () ->
                                                    page(
                                                        (before, limit) ->
                                                            graphPage(
                                                                readSide.graph().followers(),
                                                                userId,
                                                                before,
                                                                limit)))),
                                    path(
                                        "following",
                                        () ->
                                            get(
                                                () ->
                                                    page(
                                                        (before, limit) ->
                                                            graphPage(
                                                                readSide.graph().following(),
                                                                userId,
                                                                before,
                                                                limit)))),
                                    path(
                                        "tweets",
                                        () ->
                                            get(
                                                () ->
                                                    timelines.userTimeline(callerId, userId))))))));
  }

  private Route userById(long userId) {
    return await(
        views.user(userId),
        user ->
            json(
                StatusCodes.OK,
                user.orElseThrow(() -> ApiProblem.notFound("no user with id " + userId))));
  }

  private Route userByHandle(String handle) {
    CompletionStage<UserDto> user =
        readSide
            .users()
            .findIdByHandle(handle)
            .thenCompose(
                id ->
                    views.user(
                        id.orElseThrow(
                            () -> ApiProblem.notFound("no user with handle '" + handle + "'"))))
            .thenApply(
                found ->
                    found.orElseThrow(
                        () -> ApiProblem.notFound("no user with handle '" + handle + "'")));
    return await(user, found -> json(StatusCodes.OK, found));
  }

  /** POST turns a relationship on, DELETE turns it off; both answer {@code {field: state}}. */
  private Route toggle(
      String field,
      Supplier<CompletionStage<Boolean>> turnOn,
      Supplier<CompletionStage<Boolean>> turnOff) {
    return concat(
        post(() -> await(turnOn.get(), state -> json(StatusCodes.OK, Map.of(field, state)))),
        delete(() -> await(turnOff.get(), state -> json(StatusCodes.OK, Map.of(field, state)))));
  }

  private Route graphPage(CountedEdges edges, long userId, long before, int limit) {
    CompletionStage<PageDto<UserDto>> page =
        edges
            .scanBefore(userId, before, limit)
            .thenCompose(
                scan ->
                    views
                        .users(scan.active().stream().map(CountedEdges.Member::id).toList())
                        .thenApply(
                            users ->
                                new PageDto<>(
                                    users,
                                    scan.filled(limit) ? Cursors.encode(scan.lastId()) : null)));
    return await(page, body -> json(StatusCodes.OK, body));
  }
}
