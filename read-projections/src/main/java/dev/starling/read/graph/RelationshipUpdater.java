package dev.starling.read.graph;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a block or mute to every read model it touches: the block and mute lists, the follows a
 * block ends (through {@link FollowUpdater}, so home timelines lose the other's tweets too) and
 * this node's cached {@link Relations} of both users. Shared by the HTTP fast path and the
 * projection.
 */
public final class RelationshipUpdater {
  private final BlocksAndMutes lists;
  private final FollowUpdater follows;
  private final Relations relations;

  public RelationshipUpdater(BlocksAndMutes lists, FollowUpdater follows, Relations relations) {
    this.lists = lists;
    this.follows = follows;
    this.relations = relations;
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
    return CompletableFuture.allOf(block, endedFollows)
        .thenRun(() -> relations.forget(blockerId, blockedId));
  }

  public CompletionStage<Void> applyMute(
      long muterId, long mutedId, boolean muting, long version, Instant at) {
    return lists
        .applyMute(muterId, mutedId, muting, version, at)
        .thenRun(() -> relations.forget(muterId));
  }
}
