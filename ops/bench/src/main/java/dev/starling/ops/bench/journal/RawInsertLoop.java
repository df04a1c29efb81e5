package dev.starling.ops.bench.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.starling.ops.bench.load.DuringMeasurement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What Cassandra gives a plain client writing home-timeline rows in this run: async prepared
 * single-row INSERTs into {@code home_timeline}, at most {@code inFlight} at once, from a plain
 * driver session configured like the node's. Fan-out deliveries per second are measured against it.
 * The rows go to negative user ids, which no account has, and are deleted afterwards.
 */
public final class RawInsertLoop {
  private static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(2);

  private final NodeJournalSettings settings;

  public RawInsertLoop(NodeJournalSettings settings) {
    this.settings = settings;
  }

  /**
   * @param inserted rows whose insert completed in the window
   * @param latencyMicros per insert, for those completed in the window
   * @param partitionsDeleted timelines deleted again afterwards
   */
  public record Result(
      int inFlight,
      Duration window,
      long inserted,
      long failed,
      Histogram latencyMicros,
      long partitionsDeleted) {
    public double rowsPerSecond() {
      return inserted / (window.toNanos() / 1e9);
    }
  }

  /**
   * @param partitions how many timelines (user ids -1 … -partitions) the rows spread over
   */
  public Result run(
      int inFlight,
      int partitions,
      Duration warmup,
      Duration duration,
      List<DuringMeasurement> beside) {
    try (CqlSession session =
        CqlSession.builder().withConfigLoader(settings.driverConfig()).build()) {
      PreparedStatement insert =
          session.prepare(
              "INSERT INTO "
                  + settings.keyspace()
                  + ".home_timeline (user_id, tweet_id, author_id) VALUES (?, ?, ?)");
      Semaphore permits = new Semaphore(inFlight);
      AtomicLong inserted = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      Histogram latency = new ConcurrentHistogram(3);
      long from = System.nanoTime() + warmup.toNanos();
      long until = from + duration.toNanos();
      beside.forEach(b -> b.prepare(warmup, duration));
      boolean started = false;
      for (long row = 0; ; row++) {
        long now = System.nanoTime();
        if (now >= until) {
          break;
        }
        if (!started && now >= from) {
          beside.forEach(DuringMeasurement::start);
          started = true;
        }
        permits.acquire();
        long sent = System.nanoTime();
        CompletionStage<?> write =
            session.executeAsync(insert.bind(-1 - row % partitions, row + 1, -1L));
        write.whenComplete(
            (rs, failure) -> {
              long done = System.nanoTime();
              permits.release();
              if (done >= from && done < until) {
                if (failure == null) {
                  inserted.incrementAndGet();
                  latency.recordValue((done - sent) / 1_000);
                } else {
                  failed.incrementAndGet();
                }
              }
            });
      }
      beside.forEach(DuringMeasurement::stop);
      permits.acquire(inFlight);
      long deleted = deleteTimelines(session, partitions);
      return new Result(inFlight, duration, inserted.get(), failed.get(), latency, deleted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the raw insert loop", e);
    }
  }

  /** One partition delete per user id written; returns how many succeeded. */
  private long deleteTimelines(CqlSession session, int partitions) throws InterruptedException {
    PreparedStatement delete =
        session.prepare("DELETE FROM " + settings.keyspace() + ".home_timeline WHERE user_id = ?");
    Semaphore permits = new Semaphore(64);
    AtomicLong deleted = new AtomicLong();
    for (long user = -1; user >= -partitions; user--) {
      permits.acquire();
      session
          .executeAsync(delete.bind(user))
          .whenComplete(
              (rs, failure) -> {
                if (failure == null) {
                  deleted.incrementAndGet();
                }
                permits.release();
              });
    }
    if (!permits.tryAcquire(64, CLEANUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("deleting the raw insert rows did not finish in time");
    }
    return deleted.get();
  }
}
