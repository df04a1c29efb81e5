package dev.starling.read.graph;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.typesafe.config.Config;
import dev.starling.read.store.Cql;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The most-followed accounts, for suggestions. Every account with at least {@code min-followers} is
 * listed with its count in one small partition ({@code popular_users}), kept current from the
 * follower counts this node applies; a node ranks it at most every {@code refresh-interval}.
 */
public final class PopularUsers {
  private static final int BUCKET = 0;

  private record Ranked(List<Long> userIds, long rankedAt) {}

  private final Cql cql;
  private final long minFollowers;
  private final int listed;
  private final long refreshIntervalNanos;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;
  private final PreparedStatement selectAll;
  private final AtomicReference<CompletableFuture<Ranked>> ranked = new AtomicReference<>();

  /**
   * Settings: {@code min-followers}, {@code listed} (read per ranking), {@code refresh-interval}.
   */
  public PopularUsers(Cql cql, Config settings) {
    this.cql = cql;
    this.minFollowers = settings.getLong("min-followers");
    this.listed = settings.getInt("listed");
    this.refreshIntervalNanos = settings.getDuration("refresh-interval").toNanos();
    upsert =
        cql.prepare(
            "UPDATE ${keyspace}.popular_users SET followers = ? WHERE bucket = "
                + BUCKET
                + " AND user_id = ?");
    delete =
        cql.prepare(
            "DELETE FROM ${keyspace}.popular_users WHERE bucket = " + BUCKET + " AND user_id = ?");
    selectAll =
        cql.prepare(
            "SELECT user_id, followers FROM ${keyspace}.popular_users WHERE bucket = "
                + BUCKET
                + " LIMIT ?");
  }

  /**
   * Called with every follow or unfollow applied through this node. A follow lists or updates an
   * account with enough followers; an unfollow that leaves too few takes it off (a delete of an
   * account never listed costs a tombstone, and unfollows are rare).
   */
  public void followChanged(long userId, boolean followed, long followers) {
    if (followers >= minFollowers) {
      cql.run(upsert, followers, userId);
    } else if (!followed) {
      cql.run(delete, userId);
    }
  }

  /** The listed accounts, most followers first. */
  public CompletionStage<List<Long>> mostFollowed() {
    var current = ranked.get();
    if (current != null
        && !(current.isDone()
            && System.nanoTime() - current.join().rankedAt() > refreshIntervalNanos)) {
      return current.thenApply(Ranked::userIds);
    }
    var ranking = new CompletableFuture<Ranked>();
    if (!ranked.compareAndSet(current, ranking)) {
      return ranked.get().thenApply(Ranked::userIds);
    }
    cql.list(selectAll, row -> Map.entry(row.getLong(0), row.getLong(1)), listed)
        .whenComplete(
            (rows, failure) ->
                ranking.complete(
                    new Ranked(
                        failure != null
                            ? List.of()
                            : rows.stream()
                                .sorted(
                                    Map.Entry.<Long, Long>comparingByValue(
                                            Comparator.reverseOrder())
                                        .thenComparing(Map.Entry.comparingByKey()))
                                .map(Map.Entry::getKey)
                                .toList(),
                        failure != null ? 0 : System.nanoTime())));
    return ranking.thenApply(Ranked::userIds);
  }
}
