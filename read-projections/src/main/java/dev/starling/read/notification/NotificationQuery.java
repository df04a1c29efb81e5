package dev.starling.read.notification;

import dev.starling.read.accounts.UserRepository;
import dev.starling.read.generation.ActiveGeneration;
import dev.starling.read.generation.ReadModelBuilding;
import dev.starling.read.graph.Relations;
import dev.starling.read.timeline.TweetRepository;
import dev.starling.read.timeline.TweetViews;
import dev.starling.read.visibility.ShownPages;
import dev.starling.read.visibility.Surface;
import dev.starling.read.visibility.VisibilityPolicy;
import dev.starling.tweet.TweetData;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A reader's notifications, newest first. What can change after a notification was written — the
 * tweet deleted or hidden from the reader, a block or a mute between reader and actor — is checked
 * when the page is read, by the same {@link VisibilityPolicy} as every other read; hidden ones do
 * not leave a page short ({@link ShownPages#filled}).
 */
public final class NotificationQuery {
  private final ActiveGeneration<NotificationRepository> notifications;
  private final TweetRepository tweets;
  private final TweetViews views;
  private final Relations relations;
  private final UserRepository users;

  public NotificationQuery(
      ActiveGeneration<NotificationRepository> notifications,
      TweetRepository tweets,
      TweetViews views,
      Relations relations,
      UserRepository users) {
    this.notifications = notifications;
    this.tweets = tweets;
    this.views = views;
    this.relations = relations;
    this.users = users;
  }

  /** Fails with {@link ReadModelBuilding} while the model waits for its backfill. */
  public CompletionStage<NotificationPage> page(long readerId, long before, int limit) {
    NotificationRepository active;
    try {
      active = notifications.get();
    } catch (ReadModelBuilding building) {
      return CompletableFuture.failedFuture(building);
    }
    return ShownPages.<Notification>filled(
            before,
            limit,
            (from, size) ->
                active
                    .before(readerId, from, size)
                    .thenCompose(
                        scanned ->
                            shownTo(readerId, scanned)
                                .thenApply(
                                    shown ->
                                        new ShownPages.Page<>(
                                            shown,
                                            scanned.size() == size
                                                ? scanned.get(size - 1).notificationId()
                                                : null))))
        .thenCompose(
            page ->
                withActors(page.shown())
                    .thenApply(items -> new NotificationPage(items, page.nextCursor())));
  }

  private CompletionStage<List<Notification>> shownTo(long readerId, List<Notification> scanned) {
    Set<Long> tweetIds =
        scanned.stream()
            .map(Notification::tweetId)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    var visibleTweetIds =
        tweets
            .findAll(tweetIds)
            .thenCompose(
                found ->
                    views.visible(
                        readerId,
                        found.values().stream().flatMap(Optional::stream).toList(),
                        Surface.NOTIFICATIONS))
            .thenApply(
                visible ->
                    visible.stream()
                        .map(TweetViews.Visible::tweet)
                        .map(TweetData::tweetId)
                        .collect(Collectors.toSet()))
            .toCompletableFuture();
    return relations
        .of(readerId)
        .thenCombine(
            visibleTweetIds,
            (reader, visible) ->
                scanned.stream()
                    .filter(
                        n ->
                            VisibilityPolicy.canSeeUser(reader, n.actorId(), Surface.NOTIFICATIONS))
                    .filter(n -> n.tweetId() == null || visible.contains(n.tweetId()))
                    .toList());
  }

  private CompletionStage<List<NotificationView>> withActors(List<Notification> shown) {
    Set<Long> actorIds = shown.stream().map(Notification::actorId).collect(Collectors.toSet());
    return users
        .findAll(actorIds)
        .thenApply(
            actors ->
                shown.stream()
                    .map(
                        n ->
                            new NotificationView(
                                n, actors.getOrDefault(n.actorId(), Optional.empty())))
                    .toList());
  }
}
