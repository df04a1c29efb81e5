package dev.starling.http.routes;

import dev.starling.app.FollowService;
import dev.starling.app.RelationshipService;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.read.accounts.UserPage;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.accounts.UserView;
import dev.starling.read.graph.GraphQuery;
import dev.starling.read.graph.SuggestionQuery;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Users and the social graph under {@code /api/v1/users}. */
public final class UserRoutes extends ApiDirectives {
  private final UserQuery users;
  private final GraphQuery graph;
  private final SuggestionQuery suggestions;
  private final FollowService follows;
  private final RelationshipService relationships;
  private final TimelineRoutes timelines;

  public UserRoutes(
      UserQuery users,
      GraphQuery graph,
      SuggestionQuery suggestions,
      FollowService follows,
      RelationshipService relationships,
      TimelineRoutes timelines) {
    this.users = users;
    this.graph = graph;
    this.suggestions = suggestions;
    this.follows = follows;
    this.relationships = relationships;
    this.timelines = timelines;
  }

  public Route routes(long callerId) {
    return pathPrefix(
        "users",
        () ->
            concat(
                path("me", () -> get(() -> userById(callerId))),
                path("suggestions", () -> get(() -> suggestions(callerId))),
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
                                                            userPage(
                                                                graph.followers(
                                                                    userId, before, limit))))),
                                    path(
                                        "following",
                                        () ->
                                            get(
                                                () ->
                                                    page(
                                                        (before, limit) ->
                                                            userPage(
                                                                graph.following(
                                                                    userId, before, limit))))),
                                    path(
                                        "tweets",
                                        () ->
                                            get(
                                                () ->
                                                    timelines.userTimeline(callerId, userId))))))));
  }

  /** Accounts to follow; one page, so {@code next_cursor} is always null. */
  private Route suggestions(long callerId) {
    return limit(
        limit ->
            await(
                suggestions.suggestions(callerId, limit),
                found -> json(StatusCodes.OK, Representations.users(new UserPage(found, null)))));
  }

  private Route userById(long userId) {
    return user(users.byId(userId), "no user with id " + userId);
  }

  private Route userByHandle(String handle) {
    return user(users.byHandle(handle), "no user with handle '" + handle + "'");
  }

  private Route user(CompletionStage<Optional<UserView>> found, String notFound) {
    return await(
        found,
        user ->
            revalidated(
                Representations.user(user.orElseThrow(() -> ApiProblem.notFound(notFound)))));
  }

  /** POST turns a relationship on, DELETE turns it off; both answer {@code {field: state}}. */
  private Route toggle(
      String field,
      Supplier<CompletionStage<Boolean>> turnOn,
      Supplier<CompletionStage<Boolean>> turnOff) {
    return concat(
        post(
            () ->
                bodyless(
                    () ->
                        await(turnOn.get(), state -> json(StatusCodes.OK, Map.of(field, state))))),
        delete(
            () ->
                bodyless(
                    () ->
                        await(
                            turnOff.get(), state -> json(StatusCodes.OK, Map.of(field, state))))));
  }

  private Route userPage(CompletionStage<UserPage> page) {
    return await(page, found -> json(StatusCodes.OK, Representations.users(found)));
  }
}
