package dev.starling.read.accounts;

import dev.starling.read.projection.TaggedProjections;
import dev.starling.user.User;
import org.apache.pekko.actor.typed.ActorSystem;

public final class UsersProjection {
  public static final String NAME = "users";

  private UsersProjection() {}

  public static void start(ActorSystem<?> system, AccountsUpdater accounts) {
    TaggedProjections.<User.Event>start(
        system, NAME, User.AGGREGATE, () -> new UsersHandler(accounts));
  }
}
