package dev.starling.read.graph;

import dev.starling.read.timeline.TimelineWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a block or a mute does to the read side: the block and mute lists, the follows a block ends
 * (through {@link FollowUpdater}, so home timelines lose the other's tweets too), the muted
 * author's entries in the muter's home timeline. A changed list row also makes every node forget
 * the cached {@link Relations} of its owner. Shared by the HTTP fast path and the projection.
 */
public final class RelationshipUpdater {
  private final BlocksAndMutes lists;
  private final SocialGraph graph;
  private final FollowUpdater follows;
  private final TimelineWriter timelines;

  public RelationshipUpdater(
      BlocksAndMutes lists, SocialGraph graph, FollowUpdater follows, TimelineWriter timelines) {
    this.lists = lists;
    this.graph = graph;
    this.follows = follows;
    this.timelines = timelines;
  }

  /**
   * A block at {@code version} also means neither user follows the other at that version, whatever
   * the follow rows held before; an unblock leaves the follows alone.
   */
  public CompletionStage<Void> applyBlock(
      long blockerId, long blockedId, boolean blocking, long version, Instant at) {
    var block = lists.applyBlock(blockerId, blockedId, blocking, version, at).toCompletableFuture();
    var endedFollows =
        blocking
            ? CompletableFuture.allOf(
                follows.apply(blockerId, blockedId, false, version, at).toCompletableFuture(),
                follows.apply(blockedId, blockerId, false, version, at).toCompletableFuture())
            : CompletableFuture.<Void>completedFuture(null);
    return CompletableFuture.allOf(block, endedFollows);
  }

  /**
   * A mute takes the muted author's entries out of the muter's home timeline; an unmute brings
   * their latest tweets back, as a follow would, when the muter follows them.
   */
  public CompletionStage<Void> applyMute(
      long muterId, long mutedId, boolean muting, long version, Instant at) {
    return lists
        .applyMute(muterId, mutedId, muting, version, at)
        .thenCompose(
            current -> {
              if (!current) {
                return CompletableFuture.completedFuture(null);
              }
              if (muting) {
                return timelines.dropAuthor(muterId, mutedId);
              }
              return graph
                  .following()
                  .activeAmong(muterId, List.of(mutedId))
                  .thenCompose(
                      followed ->
                          followed.isEmpty()
                              ? CompletableFuture.<Void>completedFuture(null)
                              : timelines.backfill(muterId, mutedId));
            });
  }
}
