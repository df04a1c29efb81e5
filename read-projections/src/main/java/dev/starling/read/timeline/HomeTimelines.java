package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.starling.read.store.Cql;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The stored, fanned-out part of home timelines: one row per (reader, tweet), newest first, capped
 * at {@code cap} rows per reader. Writes come batched per reader from {@link Deliveries}; {@link
 * #trim} cuts a timeline back to its newest {@code cap} rows, so every read of a whole timeline (an
 * unfollow looking for the rows to drop) is bounded.
 */
public final class HomeTimelines implements TimelineStore {
  public record Entry(long tweetId, long authorId) {}

  private final Cql cql;
  private final int cap;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final PreparedStatement before;
  private final PreparedStatement newer;
  private final PreparedStatement newest;
  private final PreparedStatement deleteOlder;

  public HomeTimelines(Cql cql, int cap) {
    this.cql = cql;
    this.cap = cap;
    insert =
        cql.prepare(
            "INSERT INTO ${keyspace}.home_timeline (user_id, tweet_id, author_id)"
                + " VALUES (?, ?, ?)");
    delete =
        cql.prepare("DELETE FROM ${keyspace}.home_timeline WHERE user_id = ? AND tweet_id = ?");
    String select = "SELECT tweet_id, author_id FROM ${keyspace}.home_timeline WHERE user_id = ?";
    before = cql.prepare(select + " AND tweet_id < ? LIMIT ?");
    newer = cql.prepare(select + " AND tweet_id > ? LIMIT ?");
    newest = cql.prepare(select + " LIMIT ?");
    deleteOlder =
        cql.prepare("DELETE FROM ${keyspace}.home_timeline WHERE user_id = ? AND tweet_id < ?");
  }

  /** How many rows a timeline keeps. */
  public int cap() {
    return cap;
  }

  BoundStatement insert(long readerId, Entry entry) {
    return insert.bind(readerId, entry.tweetId(), entry.authorId());
  }

  BoundStatement delete(long readerId, long tweetId) {
    return delete.bind(readerId, tweetId);
  }

  @Override
  public CompletionStage<List<Row>> before(long readerId, long beforeTweetId, int limit) {
    return cql.list(before, HomeTimelines::row, readerId, beforeTweetId, limit);
  }

  @Override
  public CompletionStage<List<Row>> newerThan(long readerId, long afterTweetId, int limit) {
    return cql.list(newer, HomeTimelines::row, readerId, afterTweetId, limit);
  }

  /** The newest {@code limit} entries, newest first. */
  CompletionStage<List<Entry>> newest(long readerId, int limit) {
    return cql.list(newest, HomeTimelines::entry, readerId, limit);
  }

  /**
   * Drops every entry of {@code authorId} from the reader's timeline. Reads at most twice the cap,
   * since {@link #trim} keeps timelines near it; older rows are trimmed away soon anyway.
   */
  CompletionStage<List<Long>> removeAuthor(long readerId, long authorId) {
    return newest(readerId, 2 * cap)
        .thenCompose(
            entries -> {
              var doomed =
                  entries.stream()
                      .filter(e -> e.authorId() == authorId)
                      .map(Entry::tweetId)
                      .toList();
              if (doomed.isEmpty()) {
                return CompletableFuture.completedFuture(doomed);
              }
              return cql.runBatch(doomed.stream().map(id -> delete(readerId, id)).toList())
                  .thenApply(done -> doomed);
            });
  }

  /** Cuts the reader's timeline back to its newest {@link #cap} entries. */
  CompletionStage<Void> trim(long readerId) {
    return cql.list(newest, row -> row.getLong(0), readerId, cap + 1)
        .thenCompose(
            ids ->
                ids.size() <= cap
                    ? CompletableFuture.completedFuture(null)
                    : cql.run(deleteOlder, readerId, ids.get(cap - 1)));
  }

  private static Entry entry(com.datastax.oss.driver.api.core.cql.Row row) {
    return new Entry(row.getLong(0), row.getLong(1));
  }

  private static Row row(com.datastax.oss.driver.api.core.cql.Row row) {
    return new Row(row.getLong(0), row.getLong(1), true);
  }
}
