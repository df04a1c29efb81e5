package dev.starling.read.store;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The counts of several {@link CountedEdges} tables per owner (a tweet's likes, retweets and
 * replies; a user's followers, following and tweets), held briefly in memory. The owners a page
 * misses are loaded together, one {@code IN} query per table; a change applied through this node
 * forgets its owner at once, other nodes' entries age out within the TTL.
 */
public final class CachedCounts {
  private final List<CountedEdges> tables;
  private final AsyncLoadingCache<Long, long[]> cache;

  public CachedCounts(List<CountedEdges> tables, long maxOwners, Duration ttl) {
    this.tables = List.copyOf(tables);
    this.cache =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(maxOwners)
            .expireAfterWrite(ttl)
            .buildAsync(new BulkLoader());
    tables.forEach(table -> table.onChange((owner, member, active, count) -> forget(owner)));
  }

  /** The counts of each owner, in the order the tables were given. */
  public CompletionStage<Map<Long, long[]>> of(Collection<Long> owners) {
    return cache.getAll(owners);
  }

  public void forget(long owner) {
    cache.synchronous().invalidate(owner);
  }

  private final class BulkLoader implements AsyncCacheLoader<Long, long[]> {
    @Override
    public CompletableFuture<long[]> asyncLoad(Long owner, Executor executor) {
      return asyncLoadAll(Set.of(owner), executor).thenApply(all -> all.get(owner));
    }

    @Override
    public CompletableFuture<Map<Long, long[]>> asyncLoadAll(
        Set<? extends Long> owners, Executor executor) {
      List<Long> keys = List.copyOf(owners);
      List<CompletableFuture<Map<Long, Long>>> perTable =
          tables.stream().map(table -> table.counts(keys).toCompletableFuture()).toList();
      return CompletableFuture.allOf(perTable.toArray(CompletableFuture[]::new))
          .thenApply(
              done -> {
                var result = new HashMap<Long, long[]>();
                for (long owner : keys) {
                  long[] counts = new long[tables.size()];
                  for (int i = 0; i < counts.length; i++) {
                    counts[i] = perTable.get(i).join().getOrDefault(owner, 0L);
                  }
                  result.put(owner, counts);
                }
                return result;
              });
    }
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return cache.synchronous();
  }
}
