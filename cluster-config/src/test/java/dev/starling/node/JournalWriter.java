package dev.starling.node;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Writes events into a node's real journal under an aggregate's persistence id and tag, as an
 * entity of another (older, buggier) version would have written them: the way a test puts an event
 * the current code would never write in front of the projections.
 */
final class JournalWriter extends EventSourcedBehavior<JournalWriter.Write, Object, Integer> {
  record Write(List<Object> events, ActorRef<Done> replyTo) {}

  private final String tag;

  private JournalWriter(PersistenceId persistenceId, String tag) {
    super(persistenceId);
    this.tag = tag;
  }

  /** Persists {@code events} (in one atomic write) and returns once the journal acknowledged. */
  static void write(ActorSystem<?> system, PersistenceId id, String tag, List<Object> events) {
    var writer =
        system.systemActorOf(
            new JournalWriter(id, tag), "journal-writer-" + System.nanoTime(), Props.empty());
    AskPattern.<Write, Done>ask(
            writer,
            replyTo -> new Write(events, replyTo),
            Duration.ofSeconds(20),
            system.scheduler())
        .toCompletableFuture()
        .join();
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Write, Object, Integer> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Write.class,
            write ->
                Effect().persist(write.events()).thenRun(s -> write.replyTo().tell(Done.done())))
        .build();
  }

  @Override
  public EventHandler<Integer, Object> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, event) -> count + 1);
  }

  @Override
  public Set<String> tagsFor(Object event) {
    return Set.of(tag);
  }
}
