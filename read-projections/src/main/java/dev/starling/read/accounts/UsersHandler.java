package dev.starling.read.accounts;

import dev.starling.user.User;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Makes activated accounts visible on the read side. Upserts, so replays are harmless. */
public final class UsersHandler extends Handler<EventEnvelope<User.Event>> {
  private final UserRepository users;

  public UsersHandler(UserRepository users) {
    this.users = users;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<User.Event> envelope) {
    if (envelope.event() instanceof User.Activated activated) {
      return users.upsert(activated.profile()).thenApply(v -> Done.getInstance());
    }
    // Registered and Abandoned accounts are never shown
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
