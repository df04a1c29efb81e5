package dev.starling.engagement;

import dev.starling.common.CborSerializable;
import dev.starling.common.Outcome;
import dev.starling.common.TaggedAggregates;
import dev.starling.common.tracing.TracedAggregate;
import java.time.Instant;
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
 * What one user did to one tweet: whether they like it and which retweet of it is theirs. One
 * entity per (user, tweet) keeps each decision single-writer — a like is counted once however often
 * or concurrently it is sent, and a user has at most one retweet of a tweet — without the tweet
 * itself holding millions of likers. Events carry the pair's version, like {@code Relationship}'s,
 * so counters can ignore stale or repeated deliveries.
 */
public final class Engagement
    extends TracedAggregate<Engagement.Command, Engagement.Event, Engagement.State> {

  public static final String AGGREGATE = "engagement";
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Engagement");

  public sealed interface Command extends CborSerializable {}

  public record Like(long userId, long tweetId, Instant at, ActorRef<Outcome<Change>> replyTo)
      implements Command {}

  public record Unlike(long userId, long tweetId, Instant at, ActorRef<Outcome<Change>> replyTo)
      implements Command {}

  /** Claims {@code candidateRetweetId} as the user's retweet unless they already have one. */
  public record Retweet(
      long userId,
      long tweetId,
      long candidateRetweetId,
      Instant at,
      ActorRef<Outcome<Change>> replyTo)
      implements Command {}

  public record UndoRetweet(
      long userId, long tweetId, Instant at, ActorRef<Outcome<Change>> replyTo)
      implements Command {}

  /**
   * The pair after a command. {@code retweetId} is the user's retweet (or the one just undone);
   * {@code changed} is false when the command repeated the current state.
   */
  public record Change(
      long userId,
      long tweetId,
      boolean liked,
      Long retweetId,
      boolean retweeted,
      long version,
      boolean changed,
      Instant at)
      implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    long userId();

    long tweetId();

    long version();

    Instant at();
  }

  public record Liked(long userId, long tweetId, long version, Instant at) implements Event {}

  public record Unliked(long userId, long tweetId, long version, Instant at) implements Event {}

  public record Retweeted(long userId, long tweetId, long retweetId, long version, Instant at)
      implements Event {}

  public record RetweetUndone(long userId, long tweetId, long retweetId, long version, Instant at)
      implements Event {}

  public record State(long version, boolean liked, Long retweetId) implements CborSerializable {}

  public static String entityId(long userId, long tweetId) {
    return userId + ":" + tweetId;
  }

  public static void init(ActorSystem<?> system) {
    TaggedAggregates.init(system, ENTITY_KEY, AGGREGATE, Engagement::create);
  }

  public static Behavior<Command> create(String entityId, String tag, RetentionCriteria retention) {
    return new Engagement(entityId, tag, retention);
  }

  private final String tag;
  private final RetentionCriteria retention;

  private Engagement(String entityId, String tag, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.tag = tag;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(0, false, null);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Like.class, this::onLike)
        .onCommand(Unlike.class, this::onUnlike)
        .onCommand(Retweet.class, this::onRetweet)
        .onCommand(UndoRetweet.class, this::onUndoRetweet)
        .build();
  }

  private ReplyEffect<Event, State> onLike(State state, Like cmd) {
    if (state.liked()) {
      return unchanged(state, cmd.userId(), cmd.tweetId(), cmd.at(), cmd.replyTo());
    }
    return persist(
        new Liked(cmd.userId(), cmd.tweetId(), state.version() + 1, cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onUnlike(State state, Unlike cmd) {
    if (!state.liked()) {
      return unchanged(state, cmd.userId(), cmd.tweetId(), cmd.at(), cmd.replyTo());
    }
    return persist(
        new Unliked(cmd.userId(), cmd.tweetId(), state.version() + 1, cmd.at()), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRetweet(State state, Retweet cmd) {
    if (state.retweetId() != null) {
      return unchanged(state, cmd.userId(), cmd.tweetId(), cmd.at(), cmd.replyTo());
    }
    return persist(
        new Retweeted(
            cmd.userId(), cmd.tweetId(), cmd.candidateRetweetId(), state.version() + 1, cmd.at()),
        cmd.replyTo());
  }

  private ReplyEffect<Event, State> onUndoRetweet(State state, UndoRetweet cmd) {
    if (state.retweetId() == null) {
      return unchanged(state, cmd.userId(), cmd.tweetId(), cmd.at(), cmd.replyTo());
    }
    var undone =
        new RetweetUndone(
            cmd.userId(), cmd.tweetId(), state.retweetId(), state.version() + 1, cmd.at());
    return Effect()
        .persist(undone)
        .thenReply(
            cmd.replyTo(),
            s ->
                Outcome.accepted(
                    new Change(
                        cmd.userId(),
                        cmd.tweetId(),
                        s.liked(),
                        undone.retweetId(),
                        false,
                        s.version(),
                        true,
                        cmd.at())));
  }

  private ReplyEffect<Event, State> persist(Event event, ActorRef<Outcome<Change>> replyTo) {
    return Effect()
        .persist(event)
        .thenReply(
            replyTo,
            s -> Outcome.accepted(change(s, event.userId(), event.tweetId(), event.at(), true)));
  }

  private ReplyEffect<Event, State> unchanged(
      State state, long userId, long tweetId, Instant at, ActorRef<Outcome<Change>> replyTo) {
    return Effect().reply(replyTo, Outcome.accepted(change(state, userId, tweetId, at, false)));
  }

  private static Change change(State s, long userId, long tweetId, Instant at, boolean changed) {
    return new Change(
        userId, tweetId, s.liked(), s.retweetId(), s.retweetId() != null, s.version(), changed, at);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Liked.class, (s, e) -> new State(e.version(), true, s.retweetId()))
        .onEvent(Unliked.class, (s, e) -> new State(e.version(), false, s.retweetId()))
        .onEvent(Retweeted.class, (s, e) -> new State(e.version(), s.liked(), e.retweetId()))
        .onEvent(RetweetUndone.class, (s, e) -> new State(e.version(), s.liked(), null))
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
