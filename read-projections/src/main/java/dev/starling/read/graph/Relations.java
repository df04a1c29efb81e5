package dev.starling.read.graph;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import dev.starling.read.store.CountedEdges;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Each reader's {@link ReaderRelations}, loaded once (four queries) and held briefly, so every page
 * and lookup applies blocks, mutes and follows in memory. A change applied through this node
 * forgets the readers it affects at once; other nodes follow within the TTL, as with revoked
 * tokens.
 */
public final class Relations {
  /** Rows read per query when loading a whole list; nearly every list fits in one. */
  private static final int PAGE_SIZE = 1000;

  private final SocialGraph graph;
  private final BlocksAndMutes lists;
  private final int maxFollowees;
  private final AsyncLoadingCache<Long, ReaderRelations> cache;

  /**
   * Settings: {@code reader-cache-size} (readers), {@code reader-cache-ttl}, {@code
   * reader-max-followees} (followees kept per reader; beyond, follows are asked per page).
   */
  public Relations(SocialGraph graph, BlocksAndMutes lists, Config settings) {
    this.graph = graph;
    this.lists = lists;
    this.maxFollowees = settings.getInt("reader-max-followees");
    cache =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(settings.getLong("reader-cache-size"))
            .expireAfterWrite(settings.getDuration("reader-cache-ttl"))
            .buildAsync((readerId, executor) -> load(readerId).toCompletableFuture());
  }

  public CompletionStage<ReaderRelations> of(long readerId) {
    return cache.get(readerId);
  }

  /** Which of {@code userIds} the reader follows: from memory, or one query when not all known. */
  public CompletionStage<Set<Long>> follows(ReaderRelations reader, Collection<Long> userIds) {
    Set<Long> known = userIds.stream().filter(reader::follows).collect(Collectors.toSet());
    if (reader.followingComplete() || known.size() == userIds.size()) {
      return CompletableFuture.completedFuture(known);
    }
    var unknown = userIds.stream().filter(id -> !known.contains(id)).toList();
    return graph
        .following()
        .activeAmong(reader.readerId(), unknown)
        .thenApply(
            found -> {
              var all = new HashSet<>(known);
              all.addAll(found);
              return all;
            });
  }

  /** Drops this node's cached relations of {@code userIds}, whose lists have just changed. */
  public void forget(long... userIds) {
    for (long userId : userIds) {
      cache.synchronous().invalidate(userId);
    }
  }

  private CompletionStage<ReaderRelations> load(long readerId) {
    var blocks = activeMembers(lists.blocks(), readerId, Integer.MAX_VALUE).toCompletableFuture();
    var blockedBy =
        activeMembers(lists.blockedBy(), readerId, Integer.MAX_VALUE).toCompletableFuture();
    var mutes = activeMembers(lists.mutes(), readerId, Integer.MAX_VALUE).toCompletableFuture();
    var following =
        activeMembers(graph.following(), readerId, maxFollowees + 1).toCompletableFuture();
    return CompletableFuture.allOf(blocks, blockedBy, mutes, following)
        .thenApply(
            done -> {
              Set<Long> followees = following.join();
              boolean complete = followees.size() <= maxFollowees;
              return new ReaderRelations(
                  readerId,
                  Set.copyOf(blocks.join()),
                  Set.copyOf(blockedBy.join()),
                  Set.copyOf(mutes.join()),
                  complete ? Set.copyOf(followees) : Set.of(),
                  complete);
            });
  }

  private static CompletionStage<Set<Long>> activeMembers(
      CountedEdges edges, long owner, int atMost) {
    return activeMembers(edges, owner, Long.MAX_VALUE, atMost, new HashSet<>());
  }

  private static CompletionStage<Set<Long>> activeMembers(
      CountedEdges edges, long owner, long before, int atMost, Set<Long> into) {
    return edges
        .scanBefore(owner, before, PAGE_SIZE)
        .thenCompose(
            scan -> {
              scan.active().forEach(member -> into.add(member.id()));
              return scan.filled(PAGE_SIZE) && into.size() < atMost
                  ? activeMembers(edges, owner, scan.lastId(), atMost, into)
                  : CompletableFuture.completedFuture(into);
            });
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return cache.synchronous();
  }
}
