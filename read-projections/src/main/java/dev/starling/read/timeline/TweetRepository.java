package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.starling.read.store.Cql;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.TweetMedia;
import dev.starling.tweet.Visibility;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Tweets as the read side serves them. The content of a tweet never changes after posting, so it is
 * cached; absence is never cached since the row may arrive a moment later.
 */
public final class TweetRepository {
  private final Cql cql;
  private final PreparedStatement upsert;
  private final PreparedStatement select;
  private final PreparedStatement selectMany;
  private final PreparedStatement markDeleted;
  private final AsyncLoadingCache<Long, Optional<TweetData>> cache;

  public TweetRepository(Cql cql, long cacheSize, java.time.Duration cacheTtl) {
    this.cql = cql;
    upsert =
        cql.prepare(
            "UPDATE ${keyspace}.tweets SET author_id = ?, text = ?, visibility = ?,"
                + " reply_to_id = ?, quote_of_id = ?, retweet_of_id = ?, hashtags = ?,"
                + " mentions = ?, urls = ?, created_at = ?, media_ids = ?, media_types = ?,"
                + " media_keys = ? WHERE tweet_id = ?");
    markDeleted = cql.prepare("UPDATE ${keyspace}.tweets SET deleted = true WHERE tweet_id = ?");
    select =
        cql.prepare(
            "SELECT tweet_id, author_id, text, visibility, reply_to_id, quote_of_id,"
                + " retweet_of_id, hashtags, mentions, urls, created_at, deleted, media_ids,"
                + " media_types, media_keys FROM ${keyspace}.tweets WHERE tweet_id = ?");
    selectMany =
        cql.prepare(
            "SELECT tweet_id, author_id, text, visibility, reply_to_id, quote_of_id,"
                + " retweet_of_id, hashtags, mentions, urls, created_at, deleted, media_ids,"
                + " media_types, media_keys FROM ${keyspace}.tweets WHERE tweet_id IN ?");
    cache =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(cacheSize)
            .expireAfterWrite(cacheTtl)
            .buildAsync(new BulkLoader());
  }

  /**
   * Writes the content columns only, so replaying a post after its delete never clears the
   * tombstone; the cache is invalidated rather than filled for the same reason.
   */
  public CompletionStage<Void> upsert(TweetData tweet) {
    return cql.run(
            upsert,
            tweet.authorId(),
            tweet.text(),
            tweet.visibility().wireName(),
            tweet.replyToId(),
            tweet.quoteOfId(),
            tweet.retweetOfId(),
            tweet.hashtags(),
            tweet.mentions(),
            tweet.urls(),
            tweet.createdAt(),
            tweet.media().stream().map(TweetMedia::mediaId).toList(),
            tweet.media().stream().map(TweetMedia::contentType).toList(),
            tweet.media().stream().map(TweetMedia::key).toList(),
            tweet.tweetId())
        .thenRun(() -> cache.synchronous().invalidate(tweet.tweetId()));
  }

  public CompletionStage<Void> markDeleted(long tweetId) {
    return cql.run(markDeleted, tweetId).thenRun(() -> cache.synchronous().invalidate(tweetId));
  }

  public CompletionStage<Optional<TweetData>> find(long tweetId) {
    return cache.get(tweetId).thenApply(found -> forgetAbsence(tweetId, found));
  }

  public CompletionStage<Map<Long, Optional<TweetData>>> findAll(Collection<Long> tweetIds) {
    return cache
        .getAll(tweetIds)
        .thenApply(
            found -> {
              found.forEach(this::forgetAbsence);
              return found;
            });
  }

  private Optional<TweetData> forgetAbsence(long tweetId, Optional<TweetData> found) {
    if (found.isEmpty()) {
      cache.synchronous().invalidate(tweetId);
    }
    return found;
  }

  /** Loads every tweet a page misses in one query; a single miss uses the single-row query. */
  private final class BulkLoader implements AsyncCacheLoader<Long, Optional<TweetData>> {
    @Override
    public CompletableFuture<Optional<TweetData>> asyncLoad(Long tweetId, Executor executor) {
      return cql.one(select, TweetRepository::toVisibleTweet, tweetId)
          .thenApply(row -> row.flatMap(tweet -> tweet))
          .toCompletableFuture();
    }

    @Override
    public CompletableFuture<Map<Long, Optional<TweetData>>> asyncLoadAll(
        Set<? extends Long> tweetIds, Executor executor) {
      return cql.list(selectMany, row -> row, List.copyOf(tweetIds))
          .thenApply(
              rows -> {
                Map<Long, Optional<TweetData>> found = new HashMap<>();
                tweetIds.forEach(id -> found.put(id, Optional.empty()));
                rows.forEach(row -> found.put(row.getLong("tweet_id"), toVisibleTweet(row)));
                return found;
              })
          .toCompletableFuture();
    }
  }

  /** Empty for a tombstoned row, and for a row whose delete arrived before its content. */
  private static Optional<TweetData> toVisibleTweet(Row row) {
    if (row.getBoolean("deleted") || row.isNull("author_id")) {
      return Optional.empty();
    }
    return Optional.of(toTweet(row));
  }

  /**
   * The table does not keep {@code place}: what needs it (trends) reads it from the event stream.
   */
  private static TweetData toTweet(Row row) {
    return new TweetData(
        row.getLong("tweet_id"),
        row.getLong("author_id"),
        row.getString("text"),
        Visibility.fromWireName(row.getString("visibility")).orElse(Visibility.PUBLIC),
        row.isNull("reply_to_id") ? null : row.getLong("reply_to_id"),
        row.isNull("quote_of_id") ? null : row.getLong("quote_of_id"),
        row.isNull("retweet_of_id") ? null : row.getLong("retweet_of_id"),
        List.copyOf(row.getList("hashtags", String.class)),
        List.copyOf(row.getList("mentions", String.class)),
        List.copyOf(row.getList("urls", String.class)),
        row.getInstant("created_at"),
        null,
        media(row));
  }

  /** Rows written before media existed have none (null lists read as empty). */
  private static List<TweetMedia> media(Row row) {
    List<Long> ids = row.getList("media_ids", Long.class);
    List<String> types = row.getList("media_types", String.class);
    List<String> keys = row.getList("media_keys", String.class);
    var media = new java.util.ArrayList<TweetMedia>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      media.add(new TweetMedia(ids.get(i), types.get(i), keys.get(i)));
    }
    return media;
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return cache.synchronous();
  }
}
