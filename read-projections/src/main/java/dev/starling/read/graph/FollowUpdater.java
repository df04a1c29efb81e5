package dev.starling.read.graph;

import dev.starling.read.timeline.TimelineWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a follow edge change to every read model it touches: the graph with its counts, then the
 * follower's home timeline. Shared by the HTTP fast path and the projection.
 */
public final class FollowUpdater {
  private final SocialGraph graph;
  private final TimelineWriter timelines;

  public FollowUpdater(SocialGraph graph, TimelineWriter timelines) {
    this.graph = graph;
    this.timelines = timelines;
  }

  public CompletionStage<Void> apply(
      long followerId, long followeeId, boolean following, long version, Instant at) {
    return graph
        .apply(followerId, followeeId, following, version, at)
        .thenCompose(
            changed ->
                changed
                    ? timelines.onFollowChanged(followerId, followeeId, following)
                    : CompletableFuture.completedFuture(null));
  }
}
