package dev.starling.read.projection;

import dev.starling.common.Tags;
import dev.starling.read.tracing.Tracing;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.AtLeastOnceProjection;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * Runs one at-least-once projection instance per tag of an aggregate, spread over the cluster by a
 * ShardedDaemonProcess, with offsets in Cassandra. Handlers must be idempotent: after a restart the
 * events since the last stored offset are delivered again. Every handler runs behind {@link
 * ProjectionControl}'s guard: an event it keeps failing on stops the instance instead of restarting
 * it forever. With tracing on, an event written within a traced request is applied in a span of
 * that request's trace (the guard's), its trace read from the journal's metadata.
 */
public final class TaggedProjections {
  private TaggedProjections() {}

  public static <E> void start(
      ActorSystem<?> system,
      String projectionName,
      String aggregate,
      Supplier<Handler<EventEnvelope<E>>> handler) {
    List<String> tags = Tags.all(aggregate, Tags.perAggregate(system));
    var control = ProjectionControl.get(system);
    control.register(projectionName, tags);
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            projectionName,
            tags.size(),
            index ->
                ProjectionBehavior.create(
                    projection(system, control, projectionName, tags.get(index), handler)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static <E> AtLeastOnceProjection<Offset, EventEnvelope<E>> projection(
      ActorSystem<?> system,
      ProjectionControl control,
      String projectionName,
      String tag,
      Supplier<Handler<EventEnvelope<E>>> handler) {
    var id = ProjectionId.of(projectionName, tag);
    if (Tracing.get(system).enabled()) {
      var traced = new TracedEventsByTag<E>(system, tag);
      return CassandraProjection.atLeastOnce(
          id, traced, () -> control.guard(id, handler.get(), traced::takeTrace));
    }
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.atLeastOnce(
        id, source, () -> control.guard(id, handler.get(), envelope -> Optional.empty()));
  }
}
