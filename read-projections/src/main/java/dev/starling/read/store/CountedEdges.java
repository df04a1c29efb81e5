package dev.starling.read.store;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A table of versioned edges from one owner (the partition) to many members (the clustering key),
 * with an exact count of active members in a static column. Followers, following, a user's own
 * tweets, a tweet's likes, retweets and replies, blocks and mutes are all such tables.
 *
 * <p>{@link #apply} is idempotent and order-insensitive: a row changes only when the incoming
 * version is newer than the stored one, so the fast path and the projection can both apply the same
 * event, in any order, any number of times, and the count stays exact. Changes to one owner go
 * through that owner's single {@link EdgeWriter}, which reads, decides and writes rows and count
 * together in one single-partition batch: a burst on a popular tweet or user becomes a few batches
 * instead of a Paxos round per edge.
 *
 * <p>Reads by many owners ({@link #counts}, {@link #ownersWithActive}) are one {@code IN} query
 * each, so a page of tweets or users costs the same number of round trips whatever its size.
 */
public final class CountedEdges {
  public record Member(long id, Instant since) {}

  public record ScannedRow(long id, boolean active, Instant since) {}

  /** The outcome of {@link #apply}. */
  /**
   * {@code changed}: this call changed the edge (counts moved). {@code current}: the edge is at
   * this call's version, whether this call or an earlier delivery of it wrote it; false when a
   * later version superseded it. Side effects that must not be lost when a first attempt died
   * half-way run when current, not only when changed.
   */
  public record Applied(boolean changed, boolean current, long count) {}

  /** A row as the writer sees it: its state and the version that set it. */
  record StoredEdge(long member, boolean active, long version) {}

  /** A change a writer made: the edge's new state and the owner's count after it. */
  @FunctionalInterface
  public interface ChangeListener {
    void changed(long owner, long member, boolean active, long count);
  }

  /** Rows read by a scan, inactive ones included so a caller can page on by the last id scanned. */
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

  private final Cql cql;
  private final EdgeWriters writers;
  private final String table;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final PreparedStatement upsertRow;
  private final PreparedStatement setCount;
  private final PreparedStatement rowsOf;
  private final PreparedStatement page;
  private final PreparedStatement pageAscending;
  private final PreparedStatement pageAbove;
  private final PreparedStatement count;
  private final PreparedStatement counts;
  private final PreparedStatement ownersWithMember;

  public CountedEdges(
      Cql cql, EdgeWriters writers, String table, String ownerColumn, String memberColumn) {
    this.cql = cql;
    this.writers = writers;
    this.table = table;
    String from = " FROM ${keyspace}." + table + " WHERE " + ownerColumn;
    upsertRow =
        cql.prepare(
            "UPDATE ${keyspace}."
                + table
                + " SET active = ?, version = ?, since = ? WHERE "
                + ownerColumn
                + " = ? AND "
                + memberColumn
                + " = ?");
    setCount =
        cql.prepare(
            "UPDATE ${keyspace}." + table + " SET edge_count = ? WHERE " + ownerColumn + " = ?");
    rowsOf =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, version"
                + from
                + " = ? AND "
                + memberColumn
                + " IN ?");
    page =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, since"
                + from
                + " = ? AND "
                + memberColumn
                + " < ? LIMIT ?");
    pageAscending =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, since"
                + from
                + " = ? AND "
                + memberColumn
                + " > ? ORDER BY "
                + memberColumn
                + " ASC LIMIT ?");
    pageAbove =
        cql.prepare(
            "SELECT "
                + memberColumn
                + ", active, since"
                + from
                + " = ? AND "
                + memberColumn
                + " > ? LIMIT ?");
    count = cql.prepare("SELECT edge_count" + from + " = ? LIMIT 1");
    counts = cql.prepare("SELECT DISTINCT " + ownerColumn + ", edge_count" + from + " IN ?");
    ownersWithMember =
        cql.prepare(
            "SELECT " + ownerColumn + ", active" + from + " IN ? AND " + memberColumn + " = ?");
    writers.register(this);
  }

  /** The table's name, which is also how its writers find it. */
  public String table() {
    return table;
  }

  /** Tells {@code listener} about every change applied through this node. */
  public void onChange(ChangeListener listener) {
    listeners.add(listener);
  }

  /**
   * Sets the edge owner→member to {@code active} at {@code version}. The result says whether this
   * call changed the stored edge (false when it was stale or a repeat), whether the edge is at this
   * version, and the owner's count after it.
   */
  public CompletionStage<Applied> apply(
      long owner, long member, boolean active, long version, Instant at) {
    return writers
        .apply(this, owner, member, active, version, at)
        .thenApply(
            applied -> {
              if (applied.changed()) {
                listeners.forEach(
                    listener -> listener.changed(owner, member, active, applied.count()));
              }
              return new Applied(applied.changed(), applied.current(), applied.count());
            });
  }

  /** Rows with member ids below {@code before}, highest first, at most {@code limit} of them. */
  public CompletionStage<Scan> scanBefore(long owner, long before, int limit) {
    return scan(page, owner, before, limit);
  }

  /** Like {@link #scanBefore}, oldest first: rows with member ids above {@code after}. */
  public CompletionStage<Scan> scanAfter(long owner, long after, int limit) {
    return scan(pageAscending, owner, after, limit);
  }

  /** The newest rows with member ids above {@code after}, highest first. */
  public CompletionStage<Scan> scanAbove(long owner, long after, int limit) {
    return scan(pageAbove, owner, after, limit);
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

  public CompletionStage<Long> count(long owner) {
    return cql.one(count, row -> row.isNull(0) ? 0L : row.getLong(0), owner)
        .thenApply(c -> c.orElse(0L));
  }

  /** The count of every owner in {@code owners} (0 for owners without edges), in one query. */
  public CompletionStage<Map<Long, Long>> counts(Collection<Long> owners) {
    if (owners.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return cql.list(counts, row -> Map.entry(row.getLong(0), row.getLong(1)), List.copyOf(owners))
        .thenApply(
            found -> {
              var all = new HashMap<Long, Long>();
              owners.forEach(owner -> all.put(owner, 0L));
              found.forEach(entry -> all.put(entry.getKey(), entry.getValue()));
              return all;
            });
  }

  /** Which of {@code owners} have {@code member} active (which of these tweets a user likes). */
  public CompletionStage<Set<Long>> ownersWithActive(Collection<Long> owners, long member) {
    if (owners.isEmpty()) {
      return CompletableFuture.completedFuture(Set.of());
    }
    return cql.list(
            ownersWithMember,
            row -> Map.entry(row.getLong(0), row.getBoolean(1)),
            List.copyOf(owners),
            member)
        .thenApply(
            found ->
                found.stream()
                    .filter(Map.Entry::getValue)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet()));
  }

  /** Which of {@code members} are active under {@code owner} (which of these a user follows). */
  public CompletionStage<Set<Long>> activeAmong(long owner, Collection<Long> members) {
    return stored(owner, members)
        .thenApply(
            rows ->
                rows.stream()
                    .filter(StoredEdge::active)
                    .map(StoredEdge::member)
                    .collect(Collectors.toSet()));
  }

  CompletionStage<List<StoredEdge>> stored(long owner, Collection<Long> members) {
    if (members.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return cql.list(
        rowsOf,
        row -> new StoredEdge(row.getLong(0), row.getBoolean(1), row.getLong(2)),
        owner,
        List.copyOf(members));
  }

  /** Writes changed rows and the new count of one owner in one atomic single-partition batch. */
  CompletionStage<Void> write(
      long owner, Collection<StoredEdge> rows, Map<Long, Instant> since, long newCount) {
    var statements = new ArrayList<BoundStatement>(rows.size() + 1);
    for (var row : rows) {
      statements.add(
          upsertRow.bind(
              row.active(), row.version(), since.get(row.member()), owner, row.member()));
    }
    statements.add(setCount.bind(newCount, owner));
    return cql.runBatch(statements);
  }
}
