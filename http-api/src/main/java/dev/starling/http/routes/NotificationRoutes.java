package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.Representations;
import dev.starling.read.notification.NotificationQuery;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** The caller's notifications, newest first, paged by opaque cursors. */
public final class NotificationRoutes extends ApiDirectives {
  private final NotificationQuery notifications;

  public NotificationRoutes(NotificationQuery notifications) {
    this.notifications = notifications;
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
                                notifications.page(callerId, before, limit),
                                page ->
                                    json(StatusCodes.OK, Representations.notifications(page))))));
  }
}
