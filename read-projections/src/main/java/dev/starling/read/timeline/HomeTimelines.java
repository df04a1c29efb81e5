package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.starling.read.store.Cql;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The fanned-out part of home timelines: one row per (reader, tweet), newest first. */
public final class HomeTimelines {
  public record Entry(long tweetId, long authorId) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement page;
  private final PreparedStatement all;
  private final PreparedStatement delete;

  public HomeTimelines(Cql cql) {
    this.cql = cql;
    insert =
        cql.prepare(
            "INSERT INTO ${keyspace}.home_timeline (user_id, tweet_id, author_id) VALUES (?, ?,"
                + " ?)");
    page =
        cql.prepare(
            "SELECT tweet_id, author_id FROM ${keyspace}.home_timeline WHERE user_id = ?"
                + " AND tweet_id < ? LIMIT ?");
    all =
        cql.prepare("SELECT tweet_id, author_id FROM ${keyspace}.home_timeline WHERE user_id = ?");
    delete =
        cql.prepare("DELETE FROM ${keyspace}.home_timeline WHERE user_id = ? AND tweet_id = ?");
  }

  public CompletionStage<Void> add(long readerId, long tweetId, long authorId) {
    return cql.run(insert, readerId, tweetId, authorId);
  }

  public CompletionStage<List<Entry>> before(long readerId, long beforeTweetId, int limit) {
    return cql.list(
        page, row -> new Entry(row.getLong(0), row.getLong(1)), readerId, beforeTweetId, limit);
  }

  public CompletionStage<Void> removeAuthor(long readerId, long authorId) {
    return cql.list(all, row -> new Entry(row.getLong(0), row.getLong(1)), readerId)
        .thenCompose(
            entries ->
                CompletableFuture.allOf(
                    entries.stream()
                        .filter(e -> e.authorId() == authorId)
                        .map(e -> cql.run(delete, readerId, e.tweetId()).toCompletableFuture())
                        .toArray(CompletableFuture[]::new)));
  }
}
