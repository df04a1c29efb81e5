package dev.starling.relationship;

import dev.starling.common.CborSerializable;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.TaggedAggregates;
import dev.starling.common.tracing.TracedAggregate;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongFunction;
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
 * Everything between two users, in one entity per unordered pair: who follows, blocks and mutes
 * whom. Keeping both directions together makes every rule that spans them — "blocking ends follows
 * both ways", "no follow across a block" — a single atomic event or check.
 *
 * <p>Every event carries the pair's {@code version}, increasing by one per event, so read models
 * fed by both a fast path and a projection can ignore whatever is older than what they hold.
 */
public final class Relationship
    extends TracedAggregate<Relationship.Command, Relationship.Event, Relationship.State> {

  public static final String AGGREGATE = "relationship";
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Relationship");

  public sealed interface Command extends CborSerializable {}

  public record Follow(
      long followerId, long followeeId, Instant at, ActorRef<Outcome<EdgeChange>> replyTo)
      implements Command {}

  public record Unfollow(
      long followerId, long followeeId, Instant at, ActorRef<Outcome<EdgeChange>> replyTo)
      implements Command {}

  public record Block(
      long blockerId, long blockedId, Instant at, ActorRef<Outcome<TieChange>> replyTo)
      implements Command {}

  public record Unblock(
      long blockerId, long blockedId, Instant at, ActorRef<Outcome<TieChange>> replyTo)
      implements Command {}

  public record Mute(long muterId, long mutedId, Instant at, ActorRef<Outcome<TieChange>> replyTo)
      implements Command {}

  public record Unmute(long muterId, long mutedId, Instant at, ActorRef<Outcome<TieChange>> replyTo)
      implements Command {}

  /** The follow edge after a command; {@code changed} is false when the command was a repeat. */
  public record EdgeChange(
      long followerId,
      long followeeId,
      boolean following,
      long version,
      boolean changed,
      Instant at)
      implements CborSerializable {}

  /**
   * A block or mute of {@code otherId} by {@code userId} after a command; {@code changed} is false
   * when the command was a repeat.
   */
  public record TieChange(
      long userId, long otherId, boolean active, long version, boolean changed, Instant at)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    long version();
  }

  public record FollowStarted(long followerId, long followeeId, long version, Instant at)
      implements Event {}

  public record FollowEnded(long followerId, long followeeId, long version, Instant at)
      implements Event {}

  /**
   * Ends the follows in both directions too: at {@code version} neither user follows the other,
   * whatever they did before, so read models can apply it without knowing the earlier state.
   */
  public record Blocked(long blockerId, long blockedId, long version, Instant at)
      implements Event {}

  /** Lifts the block only; follows it ended stay ended. */
  public record Unblocked(long blockerId, long blockedId, long version, Instant at)
      implements Event {}

  public record Muted(long muterId, long mutedId, long version, Instant at) implements Event {}

  public record Unmuted(long muterId, long mutedId, long version, Instant at) implements Event {}

  /** The kinds of directed tie one user can have to another. */
  public enum Tie {
    FOLLOW,
    BLOCK,
    MUTE
  }

  /**
   * {@code low} is the smaller user id of the pair; each tie has a {@code low…High} and a {@code
   * high…Low} direction. Flat booleans keep snapshots taken before blocks and mutes readable.
   */
  public record State(
      long version,
      boolean lowFollowsHigh,
      boolean highFollowsLow,
      boolean lowBlocksHigh,
      boolean highBlocksLow,
      boolean lowMutesHigh,
      boolean highMutesLow)
      implements CborSerializable {

    boolean follows(long followerId, long followeeId) {
      return holds(Tie.FOLLOW, followerId, followeeId);
    }

    boolean blocks(long blockerId, long blockedId) {
      return holds(Tie.BLOCK, blockerId, blockedId);
    }

    boolean holds(Tie tie, long fromId, long toId) {
      boolean fromLow = fromId < toId;
      return switch (tie) {
        case FOLLOW -> fromLow ? lowFollowsHigh : highFollowsLow;
        case BLOCK -> fromLow ? lowBlocksHigh : highBlocksLow;
        case MUTE -> fromLow ? lowMutesHigh : highMutesLow;
      };
    }

    State with(Tie tie, long fromId, long toId, boolean active, long newVersion) {
      boolean fromLow = fromId < toId;
      return new State(
          newVersion,
          tie == Tie.FOLLOW && fromLow ? active : lowFollowsHigh,
          tie == Tie.FOLLOW && !fromLow ? active : highFollowsLow,
          tie == Tie.BLOCK && fromLow ? active : lowBlocksHigh,
          tie == Tie.BLOCK && !fromLow ? active : highBlocksLow,
          tie == Tie.MUTE && fromLow ? active : lowMutesHigh,
          tie == Tie.MUTE && !fromLow ? active : highMutesLow);
    }
  }

  public static String entityId(long userA, long userB) {
    return Math.min(userA, userB) + ":" + Math.max(userA, userB);
  }

  public static void init(ActorSystem<?> system) {
    TaggedAggregates.init(system, ENTITY_KEY, AGGREGATE, Relationship::create);
  }

  public static Behavior<Command> create(String pairId, String tag, RetentionCriteria retention) {
    return new Relationship(pairId, tag, retention);
  }

  private final String tag;
  private final RetentionCriteria retention;

  private Relationship(String pairId, String tag, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), pairId));
    this.tag = tag;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(0, false, false, false, false, false, false);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Follow.class, this::onFollow)
        .onCommand(Unfollow.class, this::onUnfollow)
        .onCommand(
            Block.class,
            (state, cmd) ->
                changeTie(
                    state,
                    Tie.BLOCK,
                    cmd.blockerId(),
                    cmd.blockedId(),
                    true,
                    cmd.at(),
                    cmd.replyTo(),
                    version -> new Blocked(cmd.blockerId(), cmd.blockedId(), version, cmd.at())))
        .onCommand(
            Unblock.class,
            (state, cmd) ->
                changeTie(
                    state,
                    Tie.BLOCK,
                    cmd.blockerId(),
                    cmd.blockedId(),
                    false,
                    cmd.at(),
                    cmd.replyTo(),
                    version -> new Unblocked(cmd.blockerId(), cmd.blockedId(), version, cmd.at())))
        .onCommand(
            Mute.class,
            (state, cmd) ->
                changeTie(
                    state,
                    Tie.MUTE,
                    cmd.muterId(),
                    cmd.mutedId(),
                    true,
                    cmd.at(),
                    cmd.replyTo(),
                    version -> new Muted(cmd.muterId(), cmd.mutedId(), version, cmd.at())))
        .onCommand(
            Unmute.class,
            (state, cmd) ->
                changeTie(
                    state,
                    Tie.MUTE,
                    cmd.muterId(),
                    cmd.mutedId(),
                    false,
                    cmd.at(),
                    cmd.replyTo(),
                    version -> new Unmuted(cmd.muterId(), cmd.mutedId(), version, cmd.at())))
        .build();
  }

  private ReplyEffect<Event, State> onFollow(State state, Follow cmd) {
    if (cmd.followerId() == cmd.followeeId()) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.rejected(Rejection.invalid("you cannot follow yourself")));
    }
    if (state.blocks(cmd.followerId(), cmd.followeeId())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.forbidden("you cannot follow a user you block")));
    }
    if (state.blocks(cmd.followeeId(), cmd.followerId())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.forbidden("you cannot follow a user who blocks you")));
    }
    if (state.follows(cmd.followerId(), cmd.followeeId())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.accepted(unchanged(state, cmd.followerId(), cmd.followeeId(), cmd.at())));
    }
    return Effect()
        .persist(
            new FollowStarted(cmd.followerId(), cmd.followeeId(), state.version() + 1, cmd.at()))
        .thenReply(
            cmd.replyTo(),
            s ->
                Outcome.accepted(
                    new EdgeChange(
                        cmd.followerId(), cmd.followeeId(), true, s.version(), true, cmd.at())));
  }

  private ReplyEffect<Event, State> onUnfollow(State state, Unfollow cmd) {
    if (!state.follows(cmd.followerId(), cmd.followeeId())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.accepted(unchanged(state, cmd.followerId(), cmd.followeeId(), cmd.at())));
    }
    return Effect()
        .persist(new FollowEnded(cmd.followerId(), cmd.followeeId(), state.version() + 1, cmd.at()))
        .thenReply(
            cmd.replyTo(),
            s ->
                Outcome.accepted(
                    new EdgeChange(
                        cmd.followerId(), cmd.followeeId(), false, s.version(), true, cmd.at())));
  }

  private ReplyEffect<Event, State> changeTie(
      State state,
      Tie tie,
      long userId,
      long otherId,
      boolean active,
      Instant at,
      ActorRef<Outcome<TieChange>> replyTo,
      LongFunction<Event> eventAtVersion) {
    if (userId == otherId) {
      String verb = (active ? "" : "un") + tie.name().toLowerCase(Locale.ROOT);
      return Effect()
          .reply(replyTo, Outcome.rejected(Rejection.invalid("you cannot " + verb + " yourself")));
    }
    if (state.holds(tie, userId, otherId) == active) {
      return Effect()
          .reply(
              replyTo,
              Outcome.accepted(new TieChange(userId, otherId, active, state.version(), false, at)));
    }
    return Effect()
        .persist(eventAtVersion.apply(state.version() + 1))
        .thenReply(
            replyTo,
            s -> Outcome.accepted(new TieChange(userId, otherId, active, s.version(), true, at)));
  }

  private static EdgeChange unchanged(State state, long followerId, long followeeId, Instant at) {
    return new EdgeChange(
        followerId, followeeId, state.follows(followerId, followeeId), state.version(), false, at);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            FollowStarted.class,
            (state, e) -> state.with(Tie.FOLLOW, e.followerId(), e.followeeId(), true, e.version()))
        .onEvent(
            FollowEnded.class,
            (state, e) ->
                state.with(Tie.FOLLOW, e.followerId(), e.followeeId(), false, e.version()))
        .onEvent(
            Blocked.class,
            (state, e) ->
                state
                    .with(Tie.BLOCK, e.blockerId(), e.blockedId(), true, e.version())
                    .with(Tie.FOLLOW, e.blockerId(), e.blockedId(), false, e.version())
                    .with(Tie.FOLLOW, e.blockedId(), e.blockerId(), false, e.version()))
        .onEvent(
            Unblocked.class,
            (state, e) -> state.with(Tie.BLOCK, e.blockerId(), e.blockedId(), false, e.version()))
        .onEvent(
            Muted.class,
            (state, e) -> state.with(Tie.MUTE, e.muterId(), e.mutedId(), true, e.version()))
        .onEvent(
            Unmuted.class,
            (state, e) -> state.with(Tie.MUTE, e.muterId(), e.mutedId(), false, e.version()))
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
