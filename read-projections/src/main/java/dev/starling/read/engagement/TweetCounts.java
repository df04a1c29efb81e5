package dev.starling.read.engagement;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import dev.starling.read.store.CachedCounts;
import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.store.EdgeWriters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Who liked, retweeted and replied to each tweet, with exact counts; and, for a reader, which
 * tweets of a page they liked or retweeted. Both are asked for a whole page at once and held
 * briefly in memory, so a page costs at most one query per kind of fact, and a warm page none.
 */
public final class TweetCounts {
  public record Counts(long likes, long retweets, long replies) {}

  /** What the reader did to a tweet. */
  public record Flags(boolean liked, boolean retweeted) {
    static final Flags NONE = new Flags(false, false);
  }

  private record FlagKey(long readerId, long tweetId) {}

  private final CountedEdges likes;
  private final CountedEdges retweets;
  private final CountedEdges replies;
  private final CachedCounts counts;
  private final AsyncLoadingCache<FlagKey, Flags> flags;

  /**
   * Settings: {@code counts-cache-size} (tweets), {@code flags-cache-size} (reader and tweet
   * pairs), {@code engagement-cache-ttl} (how long another node may show a count or a flag that
   * changed elsewhere).
   */
  public TweetCounts(Cql cql, EdgeWriters writers, Config settings) {
    likes = new CountedEdges(cql, writers, "tweet_likes", "tweet_id", "user_id");
    retweets = new CountedEdges(cql, writers, "tweet_retweets", "tweet_id", "user_id");
    replies = new CountedEdges(cql, writers, "tweet_replies", "tweet_id", "reply_id");
    var ttl = settings.getDuration("engagement-cache-ttl");
    counts =
        new CachedCounts(
            List.of(likes, retweets, replies), settings.getLong("counts-cache-size"), ttl);
    flags =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(settings.getLong("flags-cache-size"))
            .expireAfterWrite(ttl)
            .buildAsync(new FlagsLoader());
    likes.onChange((tweetId, userId, active, count) -> forgetFlags(userId, tweetId));
    retweets.onChange((tweetId, userId, active, count) -> forgetFlags(userId, tweetId));
  }

  public CountedEdges likes() {
    return likes;
  }

  public CountedEdges retweets() {
    return retweets;
  }

  public CountedEdges replies() {
    return replies;
  }

  public CompletionStage<Map<Long, Counts>> counts(Collection<Long> tweetIds) {
    return counts
        .of(tweetIds)
        .thenApply(
            found -> {
              var result = new HashMap<Long, Counts>();
              found.forEach((id, c) -> result.put(id, new Counts(c[0], c[1], c[2])));
              return result;
            });
  }

  /**
   * The reader's flags on the tweets of {@code counted}, given their counts (from {@link #counts}).
   * A tweet nobody liked or retweeted cannot be liked or retweeted by the reader, so only tweets
   * with a like or a retweet are asked for: a page of such tweets costs no query here. The counts
   * and the flags age out with the same TTL and are forgotten together by a change through this
   * node, so the answer is as fresh as asking.
   */
  public CompletionStage<Map<Long, Flags>> flags(long readerId, Map<Long, Counts> counted) {
    var result = new HashMap<Long, Flags>();
    var keys = new ArrayList<FlagKey>();
    counted.forEach(
        (tweetId, c) -> {
          if (c.likes() > 0 || c.retweets() > 0) {
            keys.add(new FlagKey(readerId, tweetId));
          } else {
            result.put(tweetId, Flags.NONE);
          }
        });
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return flags
        .getAll(keys)
        .thenApply(
            found -> {
              found.forEach((key, value) -> result.put(key.tweetId(), value));
              return result;
            });
  }

  private void forgetFlags(long readerId, long tweetId) {
    flags.synchronous().invalidate(new FlagKey(readerId, tweetId));
  }

  /** One query per kind for each reader among the keys (a page has one reader). */
  private final class FlagsLoader implements AsyncCacheLoader<FlagKey, Flags> {
    @Override
    public CompletableFuture<Flags> asyncLoad(FlagKey key, Executor executor) {
      return asyncLoadAll(Set.of(key), executor).thenApply(all -> all.get(key));
    }

    @Override
    public CompletableFuture<Map<FlagKey, Flags>> asyncLoadAll(
        Set<? extends FlagKey> keys, Executor executor) {
      Map<Long, List<Long>> tweetsByReader =
          keys.stream()
              .collect(
                  Collectors.groupingBy(
                      FlagKey::readerId,
                      Collectors.mapping(FlagKey::tweetId, Collectors.toList())));
      var perReader = new ArrayList<CompletableFuture<Map<FlagKey, Flags>>>();
      tweetsByReader.forEach(
          (reader, tweetIds) -> perReader.add(loadFor(reader, tweetIds).toCompletableFuture()));
      return CompletableFuture.allOf(perReader.toArray(CompletableFuture[]::new))
          .thenApply(
              done -> {
                var all = new HashMap<FlagKey, Flags>();
                perReader.forEach(future -> all.putAll(future.join()));
                return all;
              });
    }

    private CompletionStage<Map<FlagKey, Flags>> loadFor(long readerId, List<Long> tweetIds) {
      var liked = likes.ownersWithActive(tweetIds, readerId).toCompletableFuture();
      var retweeted = retweets.ownersWithActive(tweetIds, readerId).toCompletableFuture();
      return liked.thenCombine(
          retweeted,
          (likedIds, retweetedIds) -> {
            var result = new HashMap<FlagKey, Flags>();
            for (long id : tweetIds) {
              result.put(
                  new FlagKey(readerId, id),
                  new Flags(likedIds.contains(id), retweetedIds.contains(id)));
            }
            return result;
          });
    }
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return flags.synchronous();
  }
}
