package dev.starling.graph;

import dev.starling.relationship.Relationship;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

public final class SocialGraphHandler extends Handler<EventEnvelope<Relationship.Event>> {
  private final FollowUpdater updater;

  public SocialGraphHandler(FollowUpdater updater) {
    this.updater = updater;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Relationship.Event> envelope) {
    var event = envelope.event();
    CompletionStage<Void> applied;
    if (event instanceof Relationship.FollowStarted started) {
      applied =
          updater.apply(
              started.followerId(), started.followeeId(), true, started.version(), started.at());
    } else if (event instanceof Relationship.FollowEnded ended) {
      applied =
          updater.apply(ended.followerId(), ended.followeeId(), false, ended.version(), ended.at());
    } else {
      applied = CompletableFuture.completedFuture(null);
    }
    return applied.thenApply(v -> Done.getInstance());
  }
}
