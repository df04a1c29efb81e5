package dev.starling.read.accounts;

import dev.starling.user.User;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What an account event does to the read side: an activated account becomes visible; pending and
 * abandoned accounts are never shown. Shared by the sign-up fast path and the projection; upserts,
 * so replays are harmless.
 */
public final class AccountsUpdater {
  private final UserRepository users;

  public AccountsUpdater(UserRepository users) {
    this.users = users;
  }

  public CompletionStage<Void> apply(User.Event event) {
    if (event instanceof User.Activated activated) {
      return users.upsert(activated.profile());
    }
    return CompletableFuture.completedFuture(null);
  }
}
