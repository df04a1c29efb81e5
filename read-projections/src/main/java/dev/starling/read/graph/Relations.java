package dev.starling.read.graph;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import dev.starling.common.NodeBroadcast;
import dev.starling.read.store.CountedEdges;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Each reader's {@link ReaderRelations}, loaded once (four queries) and kept, so every page and
 * lookup applies blocks, mutes and follows in memory. Whenever a block, mute or follow row changes,
 * whichever path wrote it (the HTTP fast path or a projection), the owner's relations are forgotten
 * on this node at once and on every other node through a cluster topic. The topic delivers at most
 * once, so the TTL bounds how long a node that missed a message (one joining the cluster, one cut
 * off for a moment) can keep stale relations.
 */
public final class Relations {
  /** Rows read per query when loading a whole list; nearly every list fits in one. */
  private static final int PAGE_SIZE = 1000;

  /**
   * A user whose block, mute or follow lists changed, told to every node by the node that saw it.
   */
  public record Changed(String origin, long userId) implements NodeBroadcast.Message {}

  private final SocialGraph graph;
  private final BlocksAndMutes lists;
  private final int maxFollowees;
  private final AsyncLoadingCache<Long, ReaderRelations> cache;

  private final NodeBroadcast<Changed> changes;

  /**
   * Settings: {@code reader-cache-ids} (block, mute and followee ids held over all cached readers:
   * the bound is on memory, not on readers, as one reader may follow thousands), {@code
   * reader-cache-ttl}, {@code reader-max-followees} (followees kept per reader; beyond, follows are
   * asked per page).
   */
  public Relations(
      ActorSystem<?> system, SocialGraph graph, BlocksAndMutes lists, Config settings) {
    this.graph = graph;
    this.lists = lists;
    this.maxFollowees = settings.getInt("reader-max-followees");
    cache =
        Caffeine.newBuilder()
            .recordStats()
            .maximumWeight(settings.getLong("reader-cache-ids"))
            .<Long, ReaderRelations>weigher((readerId, relations) -> weight(relations))
            .expireAfterWrite(settings.getDuration("reader-cache-ttl"))
            .buildAsync((readerId, executor) -> load(readerId).toCompletableFuture());
    changes =
        NodeBroadcast.join(
            system,
            "reader-relations-changed",
            Changed.class,
            changed -> cache.synchronous().invalidate(changed.userId()));
    graph.following().onChange((followerId, followeeId, active, count) -> forget(followerId));
    lists.blocks().onChange((blockerId, blockedId, active, count) -> forget(blockerId));
    lists.blockedBy().onChange((blockedId, blockerId, active, count) -> forget(blockedId));
    lists.mutes().onChange((muterId, mutedId, active, count) -> forget(muterId));
  }

  private static int weight(ReaderRelations relations) {
    return 1
        + relations.blocks().size()
        + relations.blockedBy().size()
        + relations.mutes().size()
        + relations.following().size();
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

  /**
   * Drops the cached relations of a user whose lists have just changed: on this node now, on the
   * others when the topic's message arrives.
   */
  private void forget(long userId) {
    cache.synchronous().invalidate(userId);
    changes.publish(new Changed(changes.origin(), userId));
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
