package dev.starling.read.store;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A table of versioned edges from one owner (the partition) to many members (the clustering key),
 * with an exact count of active members in a static column. Followers, following and a user's own
 * tweets are all such tables.
 *
 * <p>{@link #apply} is idempotent and order-insensitive: it changes a row only when the incoming
 * version is newer than the stored one, and moves the count in the same lightweight transaction, so
 * the fast path and the projection can both apply the same event, in any order, any number of
 * times, and the count stays exact.
 */
public final class CountedEdges {
  /**
   * Conditional writes to one partition serialise in Paxos; under a burst (fifty people liking one
   * tweet at once) most attempts lose and retry, so retries back off with jitter.
   */
  private static final int MAX_ATTEMPTS = 64;

  private static final int BACKOFF_STEP_MILLIS = 3;

  public record Member(long id, Instant since) {}

  private final Cql cql;
  private final PreparedStatement casUpdate;
  private final PreparedStatement page;
  private final PreparedStatement pageAscending;
  private final PreparedStatement count;
  private final PreparedStatement isActive;

  public CountedEdges(Cql cql, String table, String ownerColumn, String memberColumn) {
    this.cql = cql;
    String qualified = "${keyspace}." + table;
    this.casUpdate =
        cql.prepare(
            "UPDATE "
                + qualified
                + " SET active = ?, version = ?, since = ?, edge_count = ?"
                + " WHERE "
                + ownerColumn
                + " = ? AND "
                + memberColumn
                + " = ?"
                + " IF version = ? AND active = ? AND edge_count = ?");
    this.page =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, since FROM "
                + qualified
                + " WHERE "
                + ownerColumn
                + " = ? AND "
                + memberColumn
                + " < ? LIMIT ?");
    this.pageAscending =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, since FROM "
                + qualified
                + " WHERE "
                + ownerColumn
                + " = ? AND "
                + memberColumn
                + " > ? ORDER BY "
                + memberColumn
                + " ASC LIMIT ?");
    this.count =
        cql.prepare(
            "SELECT edge_count FROM " + qualified + " WHERE " + ownerColumn + " = ? LIMIT 1");
    this.isActive =
        cql.prepare(
            "SELECT active FROM "
                + qualified
                + " WHERE "
                + ownerColumn
                + " = ? AND "
                + memberColumn
                + " = ?");
  }

  /**
   * Sets the edge owner→member to {@code active} at {@code version}.
   *
   * @return true when this call changed the stored edge, false when it was stale or a repeat
   */
  public CompletionStage<Boolean> apply(
      long owner, long member, boolean active, long version, Instant at) {
    return attempt(owner, member, active, version, at, null, null, null, 1);
  }

  private CompletionStage<Boolean> attempt(
      long owner,
      long member,
      boolean active,
      long version,
      Instant at,
      Long storedVersion,
      Boolean storedActive,
      Long storedCount,
      int attempt) {
    if (storedVersion != null && storedVersion >= version) {
      return CompletableFuture.completedFuture(false);
    }
    boolean wasActive = Boolean.TRUE.equals(storedActive);
    long currentCount = storedCount == null ? 0 : storedCount;
    long newCount = currentCount + (active == wasActive ? 0 : active ? 1 : -1);
    return cql.execute(
            casUpdate,
            active,
            version,
            at,
            newCount,
            owner,
            member,
            storedVersion,
            storedActive,
            storedCount)
        .thenCompose(
            rs -> {
              if (rs.wasApplied()) {
                return CompletableFuture.completedFuture(true);
              }
              Row row = rs.one();
              if (attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.failedFuture(
                    new IllegalStateException(
                        "gave up updating edge " + owner + "->" + member + " after contention"));
              }
              Long seenVersion = row.isNull("version") ? null : row.getLong("version");
              Boolean seenActive = row.isNull("active") ? null : row.getBoolean("active");
              Long seenCount = row.isNull("edge_count") ? null : row.getLong("edge_count");
              var backoff =
                  CompletableFuture.delayedExecutor(
                      ThreadLocalRandom.current().nextInt(1, BACKOFF_STEP_MILLIS * attempt + 2),
                      TimeUnit.MILLISECONDS);
              return CompletableFuture.supplyAsync(() -> null, backoff)
                  .thenCompose(
                      ignored ->
                          attempt(
                              owner,
                              member,
                              active,
                              version,
                              at,
                              seenVersion,
                              seenActive,
                              seenCount,
                              attempt + 1));
            });
  }

  /**
   * Rows with member ids below {@code before}, highest first, at most {@code limit} of them,
   * inactive ones included so a caller can page on by the last id scanned.
   */
  public CompletionStage<Scan> scanBefore(long owner, long before, int limit) {
    return scan(page, owner, before, limit);
  }

  /** Like {@link #scanBefore}, oldest first: rows with member ids above {@code after}. */
  public CompletionStage<Scan> scanAfter(long owner, long after, int limit) {
    return scan(pageAscending, owner, after, limit);
  }

  private CompletionStage<Scan> scan(PreparedStatement query, long owner, long bound, int limit) {
    return cql.list(
            query,
            row ->
                new ScannedRow(row.getLong(0), row.getBoolean("active"), row.getInstant("since")),
            owner,
            bound,
            limit)
        .thenApply(Scan::new);
  }

  public record ScannedRow(long id, boolean active, Instant since) {}

  public record Scan(List<ScannedRow> rows) {
    public List<Member> active() {
      return rows.stream()
          .filter(ScannedRow::active)
          .map(r -> new Member(r.id(), r.since()))
          .toList();
    }

    public boolean filled(int limit) {
      return rows.size() >= limit;
    }

    public long lastId() {
      return rows.get(rows.size() - 1).id();
    }
  }

  public CompletionStage<Long> count(long owner) {
    return cql.one(count, row -> row.isNull(0) ? 0L : row.getLong(0), owner)
        .thenApply(c -> c.orElse(0L));
  }

  public CompletionStage<Boolean> isActive(long owner, long member) {
    return cql.one(isActive, row -> row.getBoolean(0), owner, member)
        .thenApply(a -> a.orElse(false));
  }
}
