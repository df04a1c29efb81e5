package dev.starling.relationship;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.Tags;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Everything between two users, in one entity per unordered pair: who follows whom (and, as the
 * model grows, who blocks or mutes whom). Keeping both directions together makes every rule that
 * spans them — "blocking ends follows both ways" — a single atomic event.
 *
 * <p>Every event carries the pair's {@code version}, increasing by one per event, so read models
 * fed by both a fast path and a projection can ignore whatever is older than what they hold.
 */
public final class Relationship
    extends EventSourcedBehaviorWithEnforcedReplies<
        Relationship.Command, Relationship.Event, Relationship.State> {

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

  /** The follow edge after a command; {@code changed} is false when the command was a repeat. */
  public record EdgeChange(
      long followerId,
      long followeeId,
      boolean following,
      long version,
      boolean changed,
      Instant at)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    long version();
  }

  public record FollowStarted(long followerId, long followeeId, long version, Instant at)
      implements Event {}

  public record FollowEnded(long followerId, long followeeId, long version, Instant at)
      implements Event {}

  /**
   * {@code low} is the smaller user id of the pair; {@code lowFollowsHigh} and {@code
   * highFollowsLow} are the two directions.
   */
  public record State(long version, boolean lowFollowsHigh, boolean highFollowsLow)
      implements CborSerializable {

    boolean follows(long followerId, long followeeId) {
      return followerId < followeeId ? lowFollowsHigh : highFollowsLow;
    }

    State withFollow(long followerId, long followeeId, boolean following, long newVersion) {
      return followerId < followeeId
          ? new State(newVersion, following, highFollowsLow)
          : new State(newVersion, lowFollowsHigh, following);
    }
  }

  public static String entityId(long userA, long userB) {
    return Math.min(userA, userB) + ":" + Math.max(userA, userB);
  }

  public static void init(ActorSystem<?> system) {
    var settings = EntitySettings.fromConfig(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                ctx ->
                    create(
                        ctx.getEntityId(),
                        Tags.forEntity(AGGREGATE, ctx.getEntityId()),
                        settings.retention())));
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
    return new State(0, false, false);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Follow.class, this::onFollow)
        .onCommand(Unfollow.class, this::onUnfollow)
        .build();
  }

  private ReplyEffect<Event, State> onFollow(State state, Follow cmd) {
    if (cmd.followerId() == cmd.followeeId()) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.rejected(Rejection.invalid("you cannot follow yourself")));
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
            (state, e) -> state.withFollow(e.followerId(), e.followeeId(), true, e.version()))
        .onEvent(
            FollowEnded.class,
            (state, e) -> state.withFollow(e.followerId(), e.followeeId(), false, e.version()))
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
