package dev.starling.read.graph;

import java.util.HashSet;
import java.util.Set;

/**
 * Everything about a reader's relationships that decides what they see: whom they block, who blocks
 * them, whom they mute and whom they follow. {@code following} holds every followee when {@code
 * followingComplete}; a reader who follows more than a node keeps in memory has only the newest
 * followees here, and the rest are asked for when needed ({@link Relations#follows}).
 */
public record ReaderRelations(
    long readerId,
    Set<Long> blocks,
    Set<Long> blockedBy,
    Set<Long> mutes,
    Set<Long> following,
    boolean followingComplete) {

  public boolean blockedEitherWay(long userId) {
    return blocks.contains(userId) || blockedBy.contains(userId);
  }

  public boolean mutes(long userId) {
    return mutes.contains(userId);
  }

  /** Whether the reader follows {@code userId}; only definite for followees this record knows. */
  public boolean follows(long userId) {
    return following.contains(userId);
  }

  /** The same relations, also knowing that the reader follows {@code followed}. */
  public ReaderRelations knowingFollows(Set<Long> followed) {
    if (following.containsAll(followed)) {
      return this;
    }
    var all = new HashSet<>(following);
    all.addAll(followed);
    return new ReaderRelations(
        readerId, blocks, blockedBy, mutes, Set.copyOf(all), followingComplete);
  }
}
