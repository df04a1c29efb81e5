package dev.starling.ops.bench.replay;

import dev.starling.common.Tags;
import dev.starling.relationship.Relationship;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * A bare persist loop's entity journaling real Starling events: {@code Relationship.FollowStarted}
 * under a Relationship persistence id and tag, a batch per command ({@code Effect.persist(list)}),
 * so the replayed notifications model (and the raw read) meet the events the node would have
 * written, in the journal's real shape.
 */
final class FollowFiller extends EventSourcedBehavior<FollowFiller.Fill, Relationship.Event, Long> {
  record Fill(int events, ActorRef<Done> replyTo) {}

  private final long followerId;
  private final long followeeId;
  private final String tag;

  FollowFiller(long followerId, long followeeId, int tagsPerAggregate) {
    super(
        PersistenceId.of(
            Relationship.ENTITY_KEY.name(), Relationship.entityId(followerId, followeeId)));
    this.followerId = followerId;
    this.followeeId = followeeId;
    this.tag =
        Tags.forEntity(
            Relationship.AGGREGATE,
            Relationship.entityId(followerId, followeeId),
            tagsPerAggregate);
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Fill, Relationship.Event, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Fill.class,
            (version, fill) -> {
              List<Relationship.Event> events = new ArrayList<>(fill.events());
              Instant at = Instant.now();
              for (int i = 1; i <= fill.events(); i++) {
                events.add(new Relationship.FollowStarted(followerId, followeeId, version + i, at));
              }
              return Effect()
                  .persist(events)
                  .thenReply(fill.replyTo(), state -> Done.getInstance());
            })
        .build();
  }

  @Override
  public EventHandler<Long, Relationship.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((version, event) -> version + 1);
  }

  @Override
  public Set<String> tagsFor(Relationship.Event event) {
    return Set.of(tag);
  }
}
