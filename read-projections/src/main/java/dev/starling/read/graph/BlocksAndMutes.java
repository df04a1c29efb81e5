package dev.starling.read.graph;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who blocks and who mutes whom. Blocks are kept in both directions because a reader must be
 * shielded from the users they block and from the users who block them alike.
 */
public final class BlocksAndMutes {
  /** Rows read per query when loading a whole list; nearly every list fits in one. */
  private static final int PAGE_SIZE = 1000;

  private final CountedEdges blocks;
  private final CountedEdges blockedBy;
  private final CountedEdges mutes;

  public BlocksAndMutes(Cql cql) {
    blocks = new CountedEdges(cql, "blocks", "user_id", "blocked_id");
    blockedBy = new CountedEdges(cql, "blocked_by", "user_id", "blocker_id");
    mutes = new CountedEdges(cql, "mutes", "user_id", "muted_id");
  }

  /** Records the block at {@code version} in both directions. Idempotent. */
  public CompletionStage<Void> applyBlock(
      long blockerId, long blockedId, boolean active, long version, Instant at) {
    return CompletableFuture.allOf(
        blocks.apply(blockerId, blockedId, active, version, at).toCompletableFuture(),
        blockedBy.apply(blockedId, blockerId, active, version, at).toCompletableFuture());
  }

  /** Records the mute at {@code version}. Idempotent. */
  public CompletionStage<Void> applyMute(
      long muterId, long mutedId, boolean active, long version, Instant at) {
    return mutes.apply(muterId, mutedId, active, version, at).thenApply(changed -> null);
  }

  /** The users {@code userId} blocks. */
  public CompletionStage<Set<Long>> blockedBy(long userId) {
    return activeMembers(blocks, userId, Long.MAX_VALUE, new HashSet<>());
  }

  /** The users who block {@code userId}. */
  public CompletionStage<Set<Long>> blockersOf(long userId) {
    return activeMembers(blockedBy, userId, Long.MAX_VALUE, new HashSet<>());
  }

  /** The users {@code userId} mutes. */
  public CompletionStage<Set<Long>> mutedBy(long userId) {
    return activeMembers(mutes, userId, Long.MAX_VALUE, new HashSet<>());
  }

  private static CompletionStage<Set<Long>> activeMembers(
      CountedEdges edges, long owner, long before, Set<Long> into) {
    return edges
        .scanBefore(owner, before, PAGE_SIZE)
        .thenCompose(
            scan -> {
              scan.active().forEach(member -> into.add(member.id()));
              return scan.filled(PAGE_SIZE)
                  ? activeMembers(edges, owner, scan.lastId(), into)
                  : CompletableFuture.completedFuture(into);
            });
  }
}
