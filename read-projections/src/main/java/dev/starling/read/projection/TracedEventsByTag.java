package dev.starling.read.projection;

import dev.starling.common.tracing.TraceParent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The events of one tag, as {@code EventSourcedProvider.eventsByTag} delivers them, that also keeps
 * the trace each event carries in its journal metadata for the projection's handler ({@link
 * #takeTrace}): pekko-projection 1.0's envelope has no metadata field, so the trace waits here, by
 * persistence id and sequence number, until the handler takes it. Used when tracing is on.
 */
final class TracedEventsByTag<E> extends SourceProvider<Offset, EventEnvelope<E>> {
  /**
   * More than a projection buffers ahead of its handler; past it the oldest waiting trace is
   * dropped (an event delivered but never handled, say before the projection restarted: it is
   * delivered again, and its trace with it).
   */
  static final int MAX_WAITING = 1024;

  private final CassandraReadJournal query;
  private final String tag;

  /** Written by the source's stream, taken by the handler: guarded by itself. */
  private final Map<String, TraceParent> waiting =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TraceParent> eldest) {
          return size() > MAX_WAITING;
        }
      };

  TracedEventsByTag(ActorSystem<?> system, String tag) {
    this.query =
        PersistenceQuery.get(system.classicSystem())
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.tag = tag;
  }

  @Override
  public CompletionStage<Source<EventEnvelope<E>, NotUsed>> source(
      Supplier<CompletionStage<Optional<Offset>>> offset) {
    return offset
        .get()
        .thenApply(
            stored -> query.eventsByTag(tag, stored.orElse(Offset.noOffset())).map(this::envelope));
  }

  @SuppressWarnings("unchecked")
  private EventEnvelope<E> envelope(org.apache.pekko.persistence.query.EventEnvelope stored) {
    var envelope =
        EventEnvelope.create(
            stored.offset(),
            stored.persistenceId(),
            stored.sequenceNr(),
            (E) stored.event(),
            stored.timestamp());
    stored
        .getEventMetaData()
        .filter(TraceParent.class::isInstance)
        .ifPresent(
            trace -> {
              synchronized (waiting) {
                waiting.put(key(envelope), (TraceParent) trace);
              }
            });
    return envelope;
  }

  /** The trace the event was written with, if any; each is handed out once. */
  Optional<TraceParent> takeTrace(EventEnvelope<?> envelope) {
    synchronized (waiting) {
      return Optional.ofNullable(waiting.remove(key(envelope)));
    }
  }

  private static String key(EventEnvelope<?> envelope) {
    return envelope.persistenceId() + '#' + envelope.sequenceNr();
  }

  @Override
  public Offset extractOffset(EventEnvelope<E> envelope) {
    return envelope.offset();
  }

  @Override
  public long extractCreationTime(EventEnvelope<E> envelope) {
    return envelope.timestamp();
  }
}
