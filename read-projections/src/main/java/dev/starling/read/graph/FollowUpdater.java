package dev.starling.read.graph;

import dev.starling.read.timeline.TimelineWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a follow edge change does to the read side: the graph with its counts (whose change also
 * makes every node forget the follower's cached {@link Relations}) and the follower's home
 * timeline. Shared by the HTTP fast path and the projection.
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
            current ->
                current
                    ? timelines.onFollowChanged(followerId, followeeId, following)
                    : CompletableFuture.completedFuture(null));
  }
}
