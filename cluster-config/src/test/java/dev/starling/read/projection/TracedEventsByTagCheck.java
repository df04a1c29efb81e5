package dev.starling.read.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.common.tracing.TraceParent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * For a node's tests (TracingTest): a projection with tracing on gets each event of its tag exactly
 * as {@code EventSourcedProvider.eventsByTag} would deliver it, offsets and timestamps included.
 */
public final class TracedEventsByTagCheck {
  private TracedEventsByTagCheck() {}

  /**
   * Reads the first {@code count} events of {@code tag} through both providers, asserts they are
   * the same, and returns the trace the traced provider holds for each (taken as the handler would
   * take it).
   */
  public static List<Optional<TraceParent>> sameAsEventSourcedProvider(
      ActorSystem<?> system, String tag, int count) {
    var traced = new TracedEventsByTag<Object>(system, tag);
    SourceProvider<Offset, EventEnvelope<Object>> plain =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    List<EventEnvelope<Object>> expected = first(system, plain, count);
    List<EventEnvelope<Object>> got = first(system, traced, count);
    assertEquals(count, got.size());
    for (int i = 0; i < count; i++) {
      var want = expected.get(i);
      var have = got.get(i);
      assertEquals(want.offset(), have.offset());
      assertEquals(plain.extractOffset(want), traced.extractOffset(have));
      assertEquals(plain.extractCreationTime(want), traced.extractCreationTime(have));
      assertEquals(want.timestamp(), have.timestamp());
      assertEquals(want.persistenceId(), have.persistenceId());
      assertEquals(want.sequenceNr(), have.sequenceNr());
      assertEquals(want.event(), have.event());
    }
    return got.stream().map(traced::takeTrace).toList();
  }

  private static List<EventEnvelope<Object>> first(
      ActorSystem<?> system, SourceProvider<Offset, EventEnvelope<Object>> provider, int count) {
    try {
      return provider
          .source(() -> CompletableFuture.completedFuture(Optional.empty()))
          .toCompletableFuture()
          .get(20, TimeUnit.SECONDS)
          .take(count)
          .runWith(Sink.seq(), system)
          .toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("reading " + count + " events from " + provider, e);
    }
  }
}
