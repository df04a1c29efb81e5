package dev.starling.common.tracing;

import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;

/**
 * An aggregate whose commands may arrive as {@link TracedCommand}s: the aggregate's handler ({@link
 * #commands()}) sees the command alone, and the events it persists go to the journal with the
 * command's trace as their metadata ({@link TracedEvent}), so the projections applying them join
 * the request's trace.
 *
 * <p>Pekko 1.x's typed persistence has no API for event metadata outside replicated event sourcing,
 * so the trace is remembered here, per entity, from the command being handled: an entity handles
 * one command at a time and writes that command's events before it takes the next (a command that
 * arrives while it recovers or persists is stashed with its wrapper and unwrapped when handled), so
 * the events the adapter sees are the current command's.
 */
public abstract class TracedAggregate<C, E, S>
    extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {
  private TraceParent trace;

  protected TracedAggregate(PersistenceId persistenceId) {
    super(persistenceId);
  }

  /** The aggregate's command handler. */
  protected abstract CommandHandlerWithReply<C, E, S> commands();

  @Override
  public final CommandHandlerWithReply<C, E, S> commandHandler() {
    CommandHandlerWithReply<C, E, S> commands = commands();
    return (state, command) -> {
      if ((Object) command instanceof TracedCommand traced) {
        trace = traced.trace();
        @SuppressWarnings("unchecked")
        C inner = (C) traced.command();
        return commands.apply(state, inner);
      }
      trace = null;
      return commands.apply(state, command);
    };
  }

  @Override
  public final EventAdapter<E, ?> eventAdapter() {
    return new EventAdapter<E, Object>() {
      @Override
      public Object toJournal(E event) {
        return trace == null ? event : new TracedEvent(event, trace);
      }

      @Override
      public String manifest(E event) {
        return "";
      }

      /**
       * The node's journal stores the event itself, so what it replays is the event; a journal that
       * stored the wrapper as it came (an in-memory one in tests) replays the event inside.
       */
      @Override
      @SuppressWarnings("unchecked")
      public EventSeq<E> fromJournal(Object stored, String manifest) {
        return EventSeq.single(
            (E) (stored instanceof TracedEvent traced ? traced.event() : stored));
      }
    };
  }
}
