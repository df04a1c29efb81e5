package dev.starling.read.notification;

import java.util.List;

/**
 * A page of notifications and where the next one starts ({@code null} at the end): the last row
 * scanned, shown or not, so a page whose notifications were all hidden still moves on.
 */
public record NotificationPage(List<NotificationView> items, Long nextCursor) {}
