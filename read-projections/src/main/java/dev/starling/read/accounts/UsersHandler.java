package dev.starling.read.accounts;

import dev.starling.user.User;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

public final class UsersHandler extends Handler<EventEnvelope<User.Event>> {
  private final AccountsUpdater accounts;

  public UsersHandler(AccountsUpdater accounts) {
    this.accounts = accounts;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<User.Event> envelope) {
    return accounts.apply(envelope.event()).thenApply(done -> Done.getInstance());
  }
}
