package dev.starling.read.notification;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.starling.read.store.Cql;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every user's notifications, newest first, in one generation's table ({@link NotificationsModel}).
 */
public final class NotificationRepository {
  public static final String TABLE = "notifications";

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement page;

  public NotificationRepository(Cql cql) {
    this(cql, TABLE);
  }

  public NotificationRepository(Cql cql, String table) {
    this.cql = cql;
    insert =
        cql.prepare(
            "INSERT INTO ${keyspace}."
                + table
                + " (user_id, notification_id, type, actor_id,"
                + " tweet_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    page =
        cql.prepare(
            "SELECT user_id, notification_id, type, actor_id, tweet_id, created_at"
                + " FROM ${keyspace}."
                + table
                + " WHERE user_id = ? AND notification_id < ?"
                + " LIMIT ?");
  }

  /** Writes each row whole, so writing a notification again leaves exactly the same row. */
  public CompletionStage<Void> save(List<Notification> notifications) {
    return CompletableFuture.allOf(
        notifications.stream()
            .map(
                n ->
                    cql.run(
                            insert,
                            n.userId(),
                            n.notificationId(),
                            n.type().wireName(),
                            n.actorId(),
                            n.tweetId(),
                            n.createdAt())
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  /** Up to {@code limit} of the user's notifications with ids below {@code beforeId}. */
  public CompletionStage<List<Notification>> before(long userId, long beforeId, int limit) {
    return cql.list(page, NotificationRepository::toNotification, userId, beforeId, limit);
  }

  private static Notification toNotification(Row row) {
    String type = row.getString("type");
    return new Notification(
        row.getLong("user_id"),
        row.getLong("notification_id"),
        Notification.Type.fromWireName(type)
            .orElseThrow(() -> new IllegalStateException("unknown notification type " + type)),
        row.getLong("actor_id"),
        row.isNull("tweet_id") ? null : row.getLong("tweet_id"),
        row.getInstant("created_at"));
  }
}
