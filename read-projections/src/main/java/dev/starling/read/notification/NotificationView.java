package dev.starling.read.notification;

import dev.starling.user.Profile;
import java.util.Optional;

/** A notification with the profile of the user who caused it. */
public record NotificationView(Notification notification, Optional<Profile> actor) {}
