package dev.starling.media;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.tracing.TracedAggregate;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One stored object (entity id: its key, the hex SHA-256 of the bytes): which media hold it. Bytes
 * are content-addressed, so media with the same bytes share one object; this entity is the one
 * place that decides when the object may go, so an object another live medium holds is never
 * deleted. An upload holds the object before it writes the bytes; the sweeper drops a purged
 * medium's hold, and only the drop that leaves no holder answers "delete the bytes". Until the
 * sweeper reports them deleted, new holds wait (stashed), so an upload of the same bytes never
 * relies on an object about to disappear: it writes the bytes again after the delete.
 */
public final class MediaObject
    extends TracedAggregate<MediaObject.Command, MediaObject.Event, MediaObject.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "MediaObject");

  public sealed interface Command extends CborSerializable {}

  /** The medium keeps the bytes alive; the reply comes once no delete is under way. */
  public record Hold(long mediaId, ActorRef<Done> replyTo) implements Command {}

  /** The medium is gone; the reply is true when the caller must now delete the bytes. */
  public record Drop(long mediaId, ActorRef<Boolean> replyTo) implements Command {}

  /** The bytes were deleted after a drop answered true. */
  public record BytesDeleted(ActorRef<Done> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Held(long mediaId) implements Event {}

  public record Dropped(long mediaId) implements Event {}

  public record Deleted(String key) implements Event {}

  public record State(Set<Long> holders, boolean deleting) implements CborSerializable {}

  public static void init(ActorSystem<?> system) {
    var settings = EntitySettings.fromConfig(system);
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings.retention())));
  }

  public static Behavior<Command> create(String key, RetentionCriteria retention) {
    return new MediaObject(key, retention);
  }

  private final String key;
  private final RetentionCriteria retention;

  private MediaObject(String key, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), key));
    this.key = key;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(Set.of(), false);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Hold.class, this::onHold)
        .onCommand(Drop.class, this::onDrop)
        .onCommand(BytesDeleted.class, this::onDeleted)
        .build();
  }

  private ReplyEffect<Event, State> onHold(State state, Hold cmd) {
    if (state.deleting()) {
      return Effect().stash();
    }
    if (state.holders().contains(cmd.mediaId())) {
      return Effect().reply(cmd.replyTo(), Done.getInstance());
    }
    return Effect()
        .persist(new Held(cmd.mediaId()))
        .thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  private ReplyEffect<Event, State> onDrop(State state, Drop cmd) {
    if (state.holders().contains(cmd.mediaId())) {
      return Effect()
          .persist(new Dropped(cmd.mediaId()))
          .thenReply(cmd.replyTo(), s -> s.deleting());
    }
    // a repeated drop (the sweeper retrying after a crash) asks again for a delete under way
    return Effect().reply(cmd.replyTo(), state.deleting());
  }

  private ReplyEffect<Event, State> onDeleted(State state, BytesDeleted cmd) {
    if (!state.deleting()) {
      return Effect().reply(cmd.replyTo(), Done.getInstance());
    }
    return Effect()
        .persist(new Deleted(key))
        .thenReply(cmd.replyTo(), s -> Done.getInstance())
        .thenUnstashAll();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Held.class,
            (state, e) -> {
              var holders = new TreeSet<>(state.holders());
              holders.add(e.mediaId());
              return new State(Set.copyOf(holders), state.deleting());
            })
        .onEvent(
            Dropped.class,
            (state, e) -> {
              var holders = new TreeSet<>(state.holders());
              holders.remove(e.mediaId());
              return new State(Set.copyOf(holders), holders.isEmpty());
            })
        .onEvent(Deleted.class, (state, e) -> new State(state.holders(), false))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }
}
