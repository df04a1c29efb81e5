package dev.starling.read.projection;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.starling.read.store.Cql;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where projection instances that stopped on an event say so, and where skipped events are kept on
 * record. Stored rather than held in memory so every node of a cluster, and a restarted node, sees
 * the same.
 */
final class ProjectionFailures {
  private final Cql cql;
  private final PreparedStatement saveFailure;
  private final PreparedStatement findFailure;
  private final PreparedStatement failuresOf;
  private final PreparedStatement clearFailure;
  private final PreparedStatement saveSkip;
  private final PreparedStatement skipsOf;

  ProjectionFailures(Cql cql) {
    this.cql = cql;
    saveFailure =
        cql.prepare(
            "INSERT INTO ${keyspace}.projection_failures (projection_name, instance,"
                + " persistence_id, sequence_nr, event_offset, event_type, attempts, error,"
                + " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    findFailure =
        cql.prepare(
            "SELECT * FROM ${keyspace}.projection_failures WHERE projection_name = ? AND"
                + " instance = ?");
    failuresOf =
        cql.prepare("SELECT * FROM ${keyspace}.projection_failures WHERE projection_name = ?");
    clearFailure =
        cql.prepare(
            "DELETE FROM ${keyspace}.projection_failures WHERE projection_name = ? AND"
                + " instance = ?");
    saveSkip =
        cql.prepare(
            "INSERT INTO ${keyspace}.projection_skips (projection_name, instance, skipped_at,"
                + " persistence_id, sequence_nr, event_offset, event_type, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    skipsOf =
        cql.prepare(
            "SELECT * FROM ${keyspace}.projection_skips WHERE projection_name = ? LIMIT 1000");
  }

  CompletionStage<Void> stopped(String projection, String instance, StoppedEvent event) {
    return cql.run(
        saveFailure,
        projection,
        instance,
        event.persistenceId(),
        event.sequenceNr(),
        event.offset(),
        event.eventType(),
        event.attempts(),
        event.error(),
        event.at());
  }

  CompletionStage<Optional<StoppedEvent>> stoppedOn(String projection, String instance) {
    return cql.one(findFailure, ProjectionFailures::toEvent, projection, instance);
  }

  CompletionStage<List<Instance<StoppedEvent>>> stoppedOf(String projection) {
    return cql.list(
        failuresOf, row -> new Instance<>(row.getString("instance"), toEvent(row)), projection);
  }

  CompletionStage<Void> clear(String projection, String instance) {
    return cql.run(clearFailure, projection, instance);
  }

  /** Records the skip of {@code event} (the time of the skip is the row's time-based id). */
  CompletionStage<Void> skipped(String projection, String instance, StoppedEvent event) {
    return cql.run(
        saveSkip,
        projection,
        instance,
        Uuids.timeBased(),
        event.persistenceId(),
        event.sequenceNr(),
        event.offset(),
        event.eventType(),
        event.error());
  }

  /** Every recorded skip of the projection, newest first per instance. */
  CompletionStage<List<Instance<SkippedEvent>>> skipsOf(String projection) {
    return cql.list(
        skipsOf,
        row ->
            new Instance<>(
                row.getString("instance"),
                new SkippedEvent(
                    row.getString("persistence_id"),
                    row.getLong("sequence_nr"),
                    row.getUuid("event_offset"),
                    row.getString("event_type"),
                    row.getString("error"),
                    java.time.Instant.ofEpochMilli(
                        Uuids.unixTimestamp(row.getUuid("skipped_at"))))),
        projection);
  }

  private static StoppedEvent toEvent(Row row) {
    return new StoppedEvent(
        row.getString("persistence_id"),
        row.getLong("sequence_nr"),
        row.getUuid("event_offset"),
        row.getString("event_type"),
        row.getInt("attempts"),
        row.getString("error"),
        row.getInstant("failed_at"));
  }

  /** A row of one instance of a projection. */
  record Instance<T>(String instance, T value) {}
}
