package dev.starling.read.graph;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whose tweets a reader must not see: the users they block, the users who block them and the users
 * they mute. Every timeline page and tweet lookup asks, so each reader's answer is cached briefly;
 * a change applied on this node forgets the entries it affects at once, other nodes follow within
 * the cache TTL (as with revoked tokens).
 */
public final class HiddenAuthors {
  private static final long MAX_READERS = 100_000;

  private record Hidden(Set<Long> blockedEitherWay, Set<Long> all) {}

  private final BlocksAndMutes lists;
  private final AsyncLoadingCache<Long, Hidden> cache;

  public HiddenAuthors(BlocksAndMutes lists, Duration ttl) {
    this.lists = lists;
    cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_READERS)
            .expireAfterWrite(ttl)
            .buildAsync((readerId, executor) -> load(readerId).toCompletableFuture());
  }

  /** Users the reader blocks, users who block the reader, and users the reader mutes. */
  public CompletionStage<Set<Long>> hiddenFrom(long readerId) {
    return cache.get(readerId).thenApply(Hidden::all);
  }

  /** Whether either user blocks the other. */
  public CompletionStage<Boolean> blockedEitherWay(long userA, long userB) {
    return cache.get(userA).thenApply(hidden -> hidden.blockedEitherWay().contains(userB));
  }

  /** Drops this node's cached answers for {@code userIds}, whose lists have just changed. */
  public void forget(long... userIds) {
    for (long userId : userIds) {
      cache.synchronous().invalidate(userId);
    }
  }

  private CompletionStage<Hidden> load(long readerId) {
    var blocked = lists.blockedBy(readerId).toCompletableFuture();
    var blockers = lists.blockersOf(readerId).toCompletableFuture();
    var muted = lists.mutedBy(readerId).toCompletableFuture();
    return CompletableFuture.allOf(blocked, blockers, muted)
        .thenApply(
            done -> {
              var blockedEitherWay = union(blocked.join(), blockers.join());
              return new Hidden(
                  Set.copyOf(blockedEitherWay), Set.copyOf(union(blockedEitherWay, muted.join())));
            });
  }

  private static Set<Long> union(Set<Long> a, Set<Long> b) {
    var union = new HashSet<Long>(a);
    union.addAll(b);
    return union;
  }
}
