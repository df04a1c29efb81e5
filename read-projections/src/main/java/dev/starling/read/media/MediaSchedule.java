package dev.starling.read.media;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.starling.read.store.Cql;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * When media may have reached their end (an upload's expiry, a deleted tweet's grace period): a
 * small durable list the media sweeper reads, so purging survives restarts. An entry only says "ask
 * the medium then"; the Media entity decides. One partition: entries live from an upload to its
 * expiry or a tweet's delete to its grace, and are removed once handled.
 *
 * <p>The table keeps whole milliseconds, so an entry is stored at its instant rounded up: it is
 * never due before the instant it names, and asking the medium when it is due never hears "not yet"
 * because of the rounding.
 */
public final class MediaSchedule {
  /** One entry: ask medium {@code mediaId} whether it is over, at or after {@code at}. */
  public record Due(long mediaId, Instant at) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  public MediaSchedule(Cql cql) {
    this.cql = cql;
    insert =
        cql.prepare("INSERT INTO ${keyspace}.media_due (shard, due_at, media_id) VALUES (0, ?, ?)");
    select =
        cql.prepare(
            "SELECT due_at, media_id FROM ${keyspace}.media_due WHERE shard = 0 AND due_at <= ?"
                + " LIMIT ?");
    delete =
        cql.prepare(
            "DELETE FROM ${keyspace}.media_due WHERE shard = 0 AND due_at = ? AND media_id = ?");
  }

  public CompletionStage<Void> schedule(long mediaId, Instant at) {
    return cql.run(insert, stored(at), mediaId);
  }

  /**
   * Moves an entry to {@code at}: the new entry is written before the old one is removed, and an
   * entry moved to the row it already is stays.
   */
  public CompletionStage<Void> reschedule(Due due, Instant at) {
    Instant next = stored(at);
    if (next.equals(due.at())) {
      return CompletableFuture.completedFuture(null);
    }
    return cql.run(insert, next, due.mediaId()).thenCompose(done -> done(due));
  }

  /** The earliest entries due by {@code now}, at most {@code limit}. */
  public CompletionStage<List<Due>> dueBy(Instant now, int limit) {
    return cql.list(
        select, row -> new Due(row.getLong("media_id"), row.getInstant("due_at")), now, limit);
  }

  public CompletionStage<Void> done(Due due) {
    return cql.run(delete, due.at(), due.mediaId());
  }

  /** The instant as the table keeps it: rounded up to a whole millisecond. */
  static Instant stored(Instant at) {
    Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
    return millis.equals(at) ? at : millis.plusMillis(1);
  }
}
