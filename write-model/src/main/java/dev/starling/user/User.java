package dev.starling.user;

import dev.starling.common.CborSerializable;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.TaggedAggregates;
import dev.starling.common.tracing.TracedAggregate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * An account. Registration is two-phase because handle uniqueness lives in another entity ({@link
 * Handle}): the account is created {@code PENDING}, the handle is claimed for it, and only then is
 * it {@code ACTIVE} (or {@code ABANDONED} when the handle was taken). Only active accounts are
 * visible on the read side or can sign in.
 */
public final class User extends TracedAggregate<User.Command, User.Event, User.State> {

  public static final String AGGREGATE = "user";
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "User");

  public enum Status {
    NEW,
    PENDING,
    ACTIVE,
    ABANDONED
  }

  public sealed interface Command extends CborSerializable {}

  public record Register(Profile profile, String passwordHash, ActorRef<Outcome<Profile>> replyTo)
      implements Command {}

  public record Activate(ActorRef<Outcome<Profile>> replyTo) implements Command {}

  public record Abandon(ActorRef<Outcome<Status>> replyTo) implements Command {}

  /**
   * Abandons the account if it is still pending and was created before {@code cutoff}: a sign-up
   * that claimed its handle and then never finished (its node failed between the steps). A sign-up
   * still in progress is younger than any sensible cutoff and is left alone.
   */
  public record AbandonIfStale(Instant cutoff, ActorRef<Outcome<Status>> replyTo)
      implements Command {}

  /** The password hash of an active account, for the token endpoint to verify off-actor. */
  public record GetCredentials(ActorRef<Optional<Credentials>> replyTo) implements Command {}

  public record Credentials(long userId, String passwordHash) implements CborSerializable {}

  /**
   * Replaces the password hash of an active account with one of the same password made at today's
   * cost, if the stored hash is still {@code currentHash} (a concurrent change wins otherwise).
   */
  public record RehashPassword(
      String currentHash, String newHash, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Registered(Profile profile, String passwordHash) implements Event {}

  /** Carries the whole profile so the read side needs nothing else to show the account. */
  public record Activated(Profile profile) implements Event {}

  public record Abandoned(long userId) implements Event {}

  /** The same password, hashed again at the current cost. Private: never published. */
  public record PasswordRehashed(long userId, String passwordHash) implements Event {}

  public record State(Status status, Profile profile, String passwordHash)
      implements CborSerializable {
    static State empty() {
      return new State(Status.NEW, null, null);
    }

    State withStatus(Status newStatus) {
      return new State(newStatus, profile, passwordHash);
    }
  }

  public static void init(ActorSystem<?> system) {
    TaggedAggregates.init(system, ENTITY_KEY, AGGREGATE, User::create);
  }

  public static Behavior<Command> create(String userId, String tag, RetentionCriteria retention) {
    return new User(userId, tag, retention);
  }

  private final String tag;
  private final RetentionCriteria retention;

  private User(String userId, String tag, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), userId));
    this.tag = tag;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Activate.class, this::onActivate)
        .onCommand(Abandon.class, this::onAbandon)
        .onCommand(AbandonIfStale.class, this::onAbandonIfStale)
        .onCommand(GetCredentials.class, this::onGetCredentials)
        .onCommand(RehashPassword.class, this::onRehashPassword)
        .build();
  }

  private ReplyEffect<Event, State> onRegister(State state, Register cmd) {
    if (state.status() == Status.NEW) {
      return Effect()
          .persist(new Registered(cmd.profile(), cmd.passwordHash()))
          .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.profile()));
    }
    if (state.profile().equals(cmd.profile()) && state.status() != Status.ABANDONED) {
      return Effect().reply(cmd.replyTo(), Outcome.accepted(state.profile()));
    }
    return Effect()
        .reply(cmd.replyTo(), Outcome.rejected(Rejection.conflict("account id already in use")));
  }

  private ReplyEffect<Event, State> onActivate(State state, Activate cmd) {
    return switch (state.status()) {
      case PENDING ->
          Effect()
              .persist(new Activated(state.profile()))
              .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.profile()));
      case ACTIVE -> Effect().reply(cmd.replyTo(), Outcome.accepted(state.profile()));
      case NEW, ABANDONED ->
          Effect().reply(cmd.replyTo(), Outcome.rejected(Rejection.notFound("no pending account")));
    };
  }

  private ReplyEffect<Event, State> onAbandonIfStale(State state, AbandonIfStale cmd) {
    if (state.status() == Status.PENDING && !state.profile().createdAt().isBefore(cmd.cutoff())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.conflict("the sign-up is still in progress")));
    }
    return onAbandon(state, new Abandon(cmd.replyTo()));
  }

  private ReplyEffect<Event, State> onAbandon(State state, Abandon cmd) {
    if (state.status() == Status.PENDING) {
      return Effect()
          .persist(new Abandoned(state.profile().userId()))
          .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.status()));
    }
    if (state.status() == Status.ABANDONED) {
      return Effect().reply(cmd.replyTo(), Outcome.accepted(state.status()));
    }
    return Effect()
        .reply(
            cmd.replyTo(),
            Outcome.rejected(Rejection.conflict("only a pending account can be abandoned")));
  }

  private ReplyEffect<Event, State> onGetCredentials(State state, GetCredentials cmd) {
    Optional<Credentials> credentials =
        state.status() == Status.ACTIVE
            ? Optional.of(new Credentials(state.profile().userId(), state.passwordHash()))
            : Optional.empty();
    return Effect().reply(cmd.replyTo(), credentials);
  }

  private ReplyEffect<Event, State> onRehashPassword(State state, RehashPassword cmd) {
    if (state.status() != Status.ACTIVE) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.rejected(Rejection.notFound("no active account")));
    }
    if (!state.passwordHash().equals(cmd.currentHash())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.conflict("the password hash changed meanwhile")));
    }
    return Effect()
        .persist(new PasswordRehashed(state.profile().userId(), cmd.newHash()))
        .thenReply(
            cmd.replyTo(),
            s -> Outcome.accepted(new Credentials(s.profile().userId(), s.passwordHash())));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            Registered.class,
            (state, e) -> new State(Status.PENDING, e.profile(), e.passwordHash()))
        .onEvent(Activated.class, (state, e) -> state.withStatus(Status.ACTIVE))
        .onEvent(Abandoned.class, (state, e) -> state.withStatus(Status.ABANDONED))
        .onEvent(
            PasswordRehashed.class,
            (state, e) -> new State(state.status(), state.profile(), e.passwordHash()))
        .build();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(tag);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }
}
