package dev.starling.http.routes;

import dev.starling.app.TweetService;
import dev.starling.http.ApiDirectives;
import dev.starling.http.Cursors;
import dev.starling.http.Json;
import dev.starling.http.dto.NotificationDto;
import dev.starling.http.dto.PageDto;
import dev.starling.read.notification.Notification;
import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** The caller's notifications, newest first, paged by opaque cursors. */
public final class NotificationRoutes extends ApiDirectives {
  private final ReadSide readSide;
  private final TweetService tweetService;

  public NotificationRoutes(ReadSide readSide, TweetService tweetService) {
    this.readSide = readSide;
    this.tweetService = tweetService;
  }

  public Route routes(long callerId) {
    return path(
        "notifications",
        () ->
            get(
                () ->
                    page(
                        (before, limit) ->
                            await(
                                notifications(callerId, before, limit),
                                page -> json(StatusCodes.OK, page)))));
  }

  /**
   * The cursor is the last notification scanned, shown or not, so a page of hidden notifications
   * still moves the reader on.
   */
  private CompletionStage<PageDto<NotificationDto>> notifications(
      long readerId, long before, int limit) {
    return readSide
        .notifications()
        .before(readerId, before, limit)
        .thenCompose(
            scanned ->
                shownTo(readerId, scanned)
                    .thenCompose(this::withActors)
                    .thenApply(
                        items ->
                            new PageDto<>(
                                items,
                                scanned.size() == limit
                                    ? Cursors.encode(scanned.get(limit - 1).notificationId())
                                    : null)));
  }

  /**
   * Leaves out notifications about tweets the reader cannot see (deleted, followers-only, across a
   * block) and by users the reader blocks, is blocked by or mutes: those can change after the
   * notification was written, so they are checked on read.
   */
  private CompletionStage<List<Notification>> shownTo(long readerId, List<Notification> scanned) {
    Set<Long> tweetIds =
        scanned.stream()
            .map(Notification::tweetId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    var visibleTweetIds =
        readSide
            .tweets()
            .findAll(tweetIds)
            .thenCompose(
                found ->
                    tweetService.visibleTo(
                        readerId, found.values().stream().flatMap(Optional::stream).toList()))
            .thenApply(
                visible -> visible.stream().map(TweetData::tweetId).collect(Collectors.toSet()))
            .toCompletableFuture();
    var hidden = readSide.hiddenAuthors().hiddenFrom(readerId).toCompletableFuture();
    return CompletableFuture.allOf(visibleTweetIds, hidden)
        .thenApply(
            done ->
                scanned.stream()
                    .filter(n -> !hidden.join().contains(n.actorId()))
                    .filter(
                        n -> n.tweetId() == null || visibleTweetIds.join().contains(n.tweetId()))
                    .toList());
  }

  private CompletionStage<List<NotificationDto>> withActors(List<Notification> notifications) {
    Set<Long> actorIds =
        notifications.stream().map(Notification::actorId).collect(Collectors.toSet());
    return readSide
        .users()
        .findAll(actorIds)
        .thenApply(
            actors ->
                notifications.stream()
                    .map(n -> toDto(n, actors.getOrDefault(n.actorId(), Optional.empty())))
                    .toList());
  }

  private static NotificationDto toDto(Notification notification, Optional<Profile> actor) {
    return new NotificationDto(
        Long.toString(notification.notificationId()),
        notification.type().wireName(),
        new NotificationDto.Actor(
            Long.toString(notification.actorId()), actor.map(Profile::handle).orElse(null)),
        notification.tweetId() == null ? null : Long.toString(notification.tweetId()),
        Json.timestamp(notification.createdAt()));
  }
}
