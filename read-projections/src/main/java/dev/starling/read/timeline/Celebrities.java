package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.typesafe.config.Config;
import dev.starling.read.graph.ReaderRelations;
import dev.starling.read.graph.Relations;
import dev.starling.read.store.Cql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Authors with more followers than the threshold: their tweets are not fanned out but merged into
 * their followers' home timelines at read time (the hybrid that keeps one post from becoming
 * millions of writes).
 *
 * <p>An author becomes a celebrity when their follower count passes {@code threshold} and stops
 * when it falls below {@code threshold × (1 − hysteresis)}; each such era is recorded (the {@code
 * celebrities} table, read by every node every {@code refresh-interval}). The switch never leaves a
 * reader a gap or a duplicate:
 *
 * <ul>
 *   <li>readers merge the tweets of every followee who is or ever was a celebrity, so the tweets of
 *       an era that were never fanned out stay in the timelines of those who follow the author;
 *   <li>fan-out stops only {@code grace} after an era starts, by when every node merges the author
 *       (a tweet both fanned out and merged shows once: the merge is by id);
 *   <li>fan-out resumes as soon as an era ends; readers go on merging, which again shows each tweet
 *       once.
 * </ul>
 */
public final class Celebrities {
  private static final int BUCKET = 0;

  /** One celebrity era of a user; {@code until} is null while it lasts. */
  record Era(long userId, Instant since, Instant until) {}

  private final Cql cql;
  private final Relations relations;
  private final Clock clock;
  private final long threshold;
  private final long endBelow;
  private final Duration grace;
  private final long refreshIntervalNanos;
  private final PreparedStatement selectAll;
  private final PreparedStatement begin;
  private final PreparedStatement end;
  private final AtomicReference<CompletableFuture<Map<Long, Era>>> eras = new AtomicReference<>();
  private volatile long refreshedAt;

  /**
   * Settings: {@code threshold} (followers), {@code hysteresis} (fraction below the threshold at
   * which an era ends), {@code grace}, {@code refresh-interval}.
   */
  public Celebrities(Cql cql, Relations relations, Config settings, Clock clock) {
    this.cql = cql;
    this.relations = relations;
    this.clock = clock;
    this.threshold = settings.getLong("threshold");
    this.endBelow = (long) Math.floor(threshold * (1 - settings.getDouble("hysteresis")));
    this.grace = settings.getDuration("grace");
    this.refreshIntervalNanos = settings.getDuration("refresh-interval").toNanos();
    selectAll =
        cql.prepare(
            "SELECT user_id, since, until FROM ${keyspace}.celebrities WHERE bucket = " + BUCKET);
    begin =
        cql.prepare(
            "UPDATE ${keyspace}.celebrities SET since = ?, until = null WHERE bucket = "
                + BUCKET
                + " AND user_id = ?");
    end =
        cql.prepare(
            "UPDATE ${keyspace}.celebrities SET until = ? WHERE bucket = "
                + BUCKET
                + " AND user_id = ?");
  }

  /** Called with every change of a user's follower count applied through this node. */
  public void followersChanged(long userId, long followers) {
    eras()
        .thenCompose(
            known -> {
              Era era = known.get(userId);
              boolean current = era != null && era.until() == null;
              if (followers > threshold && !current) {
                var started = new Era(userId, clock.instant(), null);
                return record(started, begin, started.since());
              }
              if (followers < endBelow && current) {
                var ended = new Era(userId, era.since(), clock.instant());
                return record(ended, end, ended.until());
              }
              return CompletableFuture.completedFuture(null);
            });
  }

  /** Whether a new tweet of {@code authorId} goes without fan-out. */
  public CompletionStage<Boolean> fanOutSkipped(long authorId) {
    return eras()
        .thenApply(
            known -> {
              Era era = known.get(authorId);
              return era != null
                  && era.until() == null
                  && clock.instant().isAfter(era.since().plus(grace));
            });
  }

  /** The reader's followees whose tweets are merged into the reader's home timeline. */
  public CompletionStage<Set<Long>> mergedFor(ReaderRelations reader) {
    return eras().thenCompose(known -> relations.follows(reader, known.keySet()));
  }

  /** Stores the era's change ({@code statement} sets {@code at}) and knows it here at once. */
  private CompletionStage<Void> record(Era era, PreparedStatement statement, Instant at) {
    long userId = era.userId();
    return cql.run(statement, at, userId)
        .thenRun(
            () -> {
              var current = eras.get();
              if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
                var updated = new HashMap<>(current.join());
                updated.put(userId, era);
                eras.compareAndSet(current, CompletableFuture.completedFuture(Map.copyOf(updated)));
              }
            });
  }

  /** Every era, read again once {@code refresh-interval} has passed. */
  private CompletionStage<Map<Long, Era>> eras() {
    var current = eras.get();
    boolean stale = System.nanoTime() - refreshedAt > refreshIntervalNanos;
    if (current != null && !(stale && current.isDone())) {
      return current;
    }
    var loading = new CompletableFuture<Map<Long, Era>>();
    if (!eras.compareAndSet(current, loading)) {
      return eras.get();
    }
    refreshedAt = System.nanoTime();
    cql.list(selectAll, row -> new Era(row.getLong(0), row.getInstant(1), row.getInstant(2)))
        .whenComplete(
            (rows, failure) -> {
              if (failure != null) {
                // keep serving what was known; the next call reads again
                if (current != null && !current.isCompletedExceptionally()) {
                  eras.set(current);
                  current.thenAccept(loading::complete);
                } else {
                  eras.set(null);
                  loading.completeExceptionally(failure);
                }
                return;
              }
              var byUser = new HashMap<Long, Era>();
              rows.forEach(era -> byUser.put(era.userId(), era));
              loading.complete(Map.copyOf(byUser));
            });
    return loading;
  }
}
