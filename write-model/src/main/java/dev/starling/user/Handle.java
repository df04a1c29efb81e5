package dev.starling.user;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.tracing.TracedAggregate;
import java.util.Locale;
import java.util.Optional;
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
 * One entity per handle, keyed by its lower-case form: the single place that decides who owns a
 * handle, so two concurrent registrations of "Alice" and "alice" cannot both win.
 */
public final class Handle extends TracedAggregate<Handle.Command, Handle.Event, Handle.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Handle");

  public sealed interface Command extends CborSerializable {}

  public record Claim(long userId, ActorRef<ClaimResult> replyTo) implements Command {}

  public sealed interface ClaimResult extends CborSerializable {}

  public record Claimed(long userId) implements ClaimResult {}

  public record Taken(long ownerId) implements ClaimResult {}

  public record Lookup(ActorRef<Optional<Long>> replyTo) implements Command {}

  /** Frees the handle if {@code ownerId} still owns it (its account was abandoned). */
  public record Release(long ownerId, ActorRef<Released> replyTo) implements Command {}

  public record Released(boolean released) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  /**
   * Version 2 renamed {@code userId} to {@code ownerId}; {@link HandleClaimedMigration} reads the
   * version-1 events still in the journal.
   */
  public record HandleClaimed(long ownerId) implements Event {}

  public record HandleReleased(long ownerId) implements Event {}

  public record State(Long ownerId) implements CborSerializable {}

  public static String key(String handle) {
    return handle.toLowerCase(Locale.ROOT);
  }

  public static void init(ActorSystem<?> system) {
    var settings = EntitySettings.fromConfig(system);
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings.retention())));
  }

  public static Behavior<Command> create(String handleKey, RetentionCriteria retention) {
    return new Handle(handleKey, retention);
  }

  private final RetentionCriteria retention;

  private Handle(String handleKey, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), handleKey));
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Claim.class, this::onClaim)
        .onCommand(Release.class, this::onRelease)
        .onCommand(
            Lookup.class,
            (state, cmd) -> Effect().reply(cmd.replyTo(), Optional.ofNullable(state.ownerId())))
        .build();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    if (state.ownerId() == null) {
      return Effect()
          .persist(new HandleClaimed(cmd.userId()))
          .thenReply(cmd.replyTo(), s -> new Claimed(cmd.userId()));
    }
    if (state.ownerId() == cmd.userId()) {
      return Effect().reply(cmd.replyTo(), new Claimed(cmd.userId()));
    }
    return Effect().reply(cmd.replyTo(), new Taken(state.ownerId()));
  }

  private ReplyEffect<Event, State> onRelease(State state, Release cmd) {
    if (state.ownerId() == null || state.ownerId() != cmd.ownerId()) {
      return Effect().reply(cmd.replyTo(), new Released(false));
    }
    return Effect()
        .persist(new HandleReleased(cmd.ownerId()))
        .thenReply(cmd.replyTo(), s -> new Released(true));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(HandleClaimed.class, (state, e) -> new State(e.ownerId()))
        .onEvent(HandleReleased.class, (state, e) -> new State(null))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }
}
