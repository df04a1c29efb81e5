package dev.starling.read.graph;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.store.EdgeWriters;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who blocks and who mutes whom. Blocks are kept in both directions because a reader must be
 * shielded from the users they block and from the users who block them alike.
 */
public final class BlocksAndMutes {
  private final CountedEdges blocks;
  private final CountedEdges blockedBy;
  private final CountedEdges mutes;

  public BlocksAndMutes(Cql cql, EdgeWriters writers) {
    blocks = new CountedEdges(cql, writers, "blocks", "user_id", "blocked_id");
    blockedBy = new CountedEdges(cql, writers, "blocked_by", "user_id", "blocker_id");
    mutes = new CountedEdges(cql, writers, "mutes", "user_id", "muted_id");
  }

  /** Records the block at {@code version} in both directions. Idempotent. */
  public CompletionStage<Void> applyBlock(
      long blockerId, long blockedId, boolean active, long version, Instant at) {
    return CompletableFuture.allOf(
        blocks.apply(blockerId, blockedId, active, version, at).toCompletableFuture(),
        blockedBy.apply(blockedId, blockerId, active, version, at).toCompletableFuture());
  }

  /**
   * Records the mute at {@code version}. Idempotent; true when the mute is at this version (see
   * {@link CountedEdges.Applied#current()}).
   */
  public CompletionStage<Boolean> applyMute(
      long muterId, long mutedId, boolean active, long version, Instant at) {
    return mutes
        .apply(muterId, mutedId, active, version, at)
        .thenApply(CountedEdges.Applied::current);
  }

  /** The users each user blocks. */
  CountedEdges blocks() {
    return blocks;
  }

  /** The users who block each user. */
  CountedEdges blockedBy() {
    return blockedBy;
  }

  /** The users each user mutes. */
  CountedEdges mutes() {
    return mutes;
  }
}
