package dev.starling.read.graph;

import dev.starling.read.timeline.TimelineWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a follow edge change does to the read side: the graph with its counts, the follower's home
 * timeline, and this node's cached relations of the follower. Shared by the HTTP fast path and the
 * projection.
 */
public final class FollowUpdater {
  private final SocialGraph graph;
  private final TimelineWriter timelines;
  private final Relations relations;

  public FollowUpdater(SocialGraph graph, TimelineWriter timelines, Relations relations) {
    this.graph = graph;
    this.timelines = timelines;
    this.relations = relations;
  }

  public CompletionStage<Void> apply(
      long followerId, long followeeId, boolean following, long version, Instant at) {
    return graph
        .apply(followerId, followeeId, following, version, at)
        .thenCompose(
            current -> {
              relations.forget(followerId);
              return current
                  ? timelines.onFollowChanged(followerId, followeeId, following)
                  : CompletableFuture.completedFuture(null);
            });
  }
}
