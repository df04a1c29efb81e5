package dev.starling.read.graph;

import dev.starling.relationship.Relationship;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

public final class SocialGraphHandler extends Handler<EventEnvelope<Relationship.Event>> {
  private final FollowUpdater follows;
  private final RelationshipUpdater relationships;

  public SocialGraphHandler(FollowUpdater follows, RelationshipUpdater relationships) {
    this.follows = follows;
    this.relationships = relationships;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Relationship.Event> envelope) {
    return apply(envelope.event()).thenApply(v -> Done.getInstance());
  }

  private CompletionStage<Void> apply(Relationship.Event event) {
    if (event instanceof Relationship.FollowStarted e) {
      return follows.apply(e.followerId(), e.followeeId(), true, e.version(), e.at());
    } else if (event instanceof Relationship.FollowEnded e) {
      return follows.apply(e.followerId(), e.followeeId(), false, e.version(), e.at());
    } else if (event instanceof Relationship.Blocked e) {
      return relationships.applyBlock(e.blockerId(), e.blockedId(), true, e.version(), e.at());
    } else if (event instanceof Relationship.Unblocked e) {
      return relationships.applyBlock(e.blockerId(), e.blockedId(), false, e.version(), e.at());
    } else if (event instanceof Relationship.Muted e) {
      return relationships.applyMute(e.muterId(), e.mutedId(), true, e.version(), e.at());
    } else if (event instanceof Relationship.Unmuted e) {
      return relationships.applyMute(e.muterId(), e.mutedId(), false, e.version(), e.at());
    }
    return CompletableFuture.completedFuture(null);
  }
}
