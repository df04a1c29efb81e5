package dev.starling.ops.bench.journal;

import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The least an event-sourced entity can do: persist one small tagged event per command and answer
 * once it is journaled. What it costs is what the journal costs.
 */
final class PersistLoopEntity
    extends EventSourcedBehavior<PersistLoopEntity.Persist, PersistLoopEntity.Persisted, Long> {
  /** As many tags as every Starling aggregate has, so each event costs the same tag writes. */
  static final int TAGS = 4;

  record Persist(ActorRef<Done> replyTo) {}

  record Persisted(long sequence) {}

  private final String tag;

  PersistLoopEntity(String runId, int number) {
    super(PersistenceId.of("BenchPersistLoop", runId + "-" + number));
    this.tag = "bench-persist-loop-" + number % TAGS;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Persist, Persisted, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Persist.class,
            (count, persist) ->
                Effect()
                    .persist(new Persisted(count + 1))
                    .thenReply(persist.replyTo(), updated -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Long, Persisted> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Persisted.class, (count, persisted) -> persisted.sequence())
        .build();
  }

  @Override
  public Set<String> tagsFor(Persisted event) {
    return Set.of(tag);
  }
}
