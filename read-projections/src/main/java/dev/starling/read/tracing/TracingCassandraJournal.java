package dev.starling.read.tracing;

import com.typesafe.config.Config;
import dev.starling.common.tracing.TracedEvent;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.cassandra.journal.CassandraJournal;
import org.apache.pekko.persistence.journal.Tagged;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The Cassandra journal, storing the trace a {@link TracedEvent} carries as the event's metadata
 * (the journal's {@code meta} columns, which the plugin writes from {@code PersistentRepr.metadata}
 * and eventsByTag hands back as {@code EventEnvelope.eventMetadata}) and the event itself as it
 * would be stored without tracing. Typed persistence has no metadata API outside replicated event
 * sourcing, so the aggregate hands the trace over inside the payload, in memory, and this unwraps
 * it before anything is serialized. Events without a trace pass through untouched.
 */
public final class TracingCassandraJournal extends CassandraJournal {

  public TracingCassandraJournal(Config config, String configPath) {
    super(config, configPath);
  }

  /**
   * Hands the writes to the plugin as they are unless one carries a trace (no copy, no stream: a
   * node without tracing pays one look at each payload per write); otherwise as they would be
   * without tracing, with the trace as the metadata.
   */
  @Override
  @SuppressWarnings("unchecked") // Scala's map on an immutable Seq makes one; Java sees Iterable
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    if (!messages.exists(TracingCassandraJournal::carriesTrace)) {
      return super.asyncWriteMessages(messages);
    }
    return super.asyncWriteMessages(
        (Seq<AtomicWrite>) messages.map(TracingCassandraJournal::unwrappedWrite));
  }

  private static boolean carriesTrace(AtomicWrite write) {
    return write.payload().exists(TracingCassandraJournal::traced);
  }

  @SuppressWarnings("unchecked")
  private static AtomicWrite unwrappedWrite(AtomicWrite write) {
    return new AtomicWrite(
        (Seq<PersistentRepr>) write.payload().map(TracingCassandraJournal::unwrapped));
  }

  private static boolean traced(PersistentRepr repr) {
    Object payload = repr.payload();
    return payload instanceof TracedEvent
        || payload instanceof Tagged tagged && tagged.payload() instanceof TracedEvent;
  }

  private static PersistentRepr unwrapped(PersistentRepr repr) {
    Object payload = repr.payload();
    if (payload instanceof Tagged tagged && tagged.payload() instanceof TracedEvent traced) {
      return repr.withPayload(new Tagged(traced.event(), tagged.tags()))
          .withMetadata(traced.trace());
    }
    if (payload instanceof TracedEvent traced) {
      return repr.withPayload(traced.event()).withMetadata(traced.trace());
    }
    return repr;
  }
}
