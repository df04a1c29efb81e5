package dev.starling.tweet;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.TaggedAggregates;
import dev.starling.common.tracing.TracedAggregate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A tweet. Its id is chosen by the caller (a Snowflake id, or the id an idempotency key already
 * claimed), so posting is idempotent: posting the same id again answers with the tweet already
 * there instead of writing a second event.
 */
public final class Tweet extends TracedAggregate<Tweet.Command, Tweet.Event, Tweet.State> {

  public static final String AGGREGATE = "tweet";
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Tweet");

  public sealed interface Command extends CborSerializable {}

  public record Post(
      long authorId,
      String text,
      Visibility visibility,
      Long replyToId,
      Long quoteOfId,
      String place,
      List<TweetMedia> media,
      Instant createdAt,
      ActorRef<Outcome<TweetData>> replyTo)
      implements Command {
    public Post {
      media = media == null ? List.of() : List.copyOf(media);
    }

    /** A post without media. */
    public Post(
        long authorId,
        String text,
        Visibility visibility,
        Long replyToId,
        Long quoteOfId,
        String place,
        Instant createdAt,
        ActorRef<Outcome<TweetData>> replyTo) {
      this(authorId, text, visibility, replyToId, quoteOfId, place, List.of(), createdAt, replyTo);
    }
  }

  /**
   * A retweet: a tweet of the caller's with no text that points at the original. Sent again it
   * answers the retweet already there, even one an undo deleted in between: a retweet request that
   * raced an undo of the same retweet still learns what it made, and that it is gone.
   */
  public record PostRetweet(
      long authorId, long originalId, Instant createdAt, ActorRef<Outcome<RetweetPosted>> replyTo)
      implements Command {}

  /** The retweet a {@link PostRetweet} posted or found, and whether it has been deleted since. */
  public record RetweetPosted(TweetData retweet, boolean deleted) implements CborSerializable {}

  /** Tombstones the tweet; only its author may. Replies with the tweet that was deleted. */
  public record Delete(long requesterId, Instant at, ActorRef<Outcome<TweetData>> replyTo)
      implements Command {}

  /** The tweet unless it was never posted or was deleted. */
  public record Get(ActorRef<Optional<TweetData>> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Posted(TweetData tweet) implements Event {}

  /** Carries the whole tweet so every read model can drop it without looking anything up. */
  public record Deleted(TweetData tweet, Instant at) implements Event {}

  public record State(TweetData tweet, boolean deleted) implements CborSerializable {
    boolean isPosted() {
      return tweet != null;
    }

    boolean isVisible() {
      return tweet != null && !deleted;
    }
  }

  public static void init(ActorSystem<?> system) {
    TaggedAggregates.init(system, ENTITY_KEY, AGGREGATE, Tweet::create);
  }

  public static Behavior<Command> create(String tweetId, String tag, RetentionCriteria retention) {
    return new Tweet(tweetId, tag, retention);
  }

  private final long tweetId;
  private final String tag;
  private final RetentionCriteria retention;

  private Tweet(String tweetId, String tag, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), tweetId));
    this.tweetId = Long.parseLong(tweetId);
    this.tag = tag;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(null, false);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Post.class, this::onPost)
        .onCommand(PostRetweet.class, this::onPostRetweet)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(
            Get.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        state.isVisible() ? Optional.of(state.tweet()) : Optional.empty()))
        .build();
  }

  private ReplyEffect<Event, State> invalid(Post cmd, String why) {
    return Effect().reply(cmd.replyTo(), Outcome.rejected(Rejection.invalid(why)));
  }

  private ReplyEffect<Event, State> onPost(State state, Post cmd) {
    if (state.isPosted()) {
      return repeated(state, cmd.authorId(), cmd.replyTo());
    }
    int bytes = TweetText.utf8Bytes(cmd.text());
    if (bytes > TweetText.MAX_UTF8_BYTES) {
      return invalid(
          cmd,
          "text is "
              + bytes
              + " bytes in UTF-8; the limit is "
              + TweetText.MAX_UTF8_BYTES
              + " (a URL weighs 23 characters, but all its bytes count here)");
    }
    var text = TweetText.parse(cmd.text());
    if (text.isBlank() && cmd.media().isEmpty()) {
      return invalid(cmd, "text is empty and no media is attached");
    }
    if (text.isTooLong()) {
      return invalid(
          cmd,
          "text is "
              + text.weightedLength()
              + " weighted characters long; the limit is "
              + TweetText.MAX_WEIGHTED_LENGTH);
    }
    var tweet =
        new TweetData(
            tweetId,
            cmd.authorId(),
            cmd.text(),
            cmd.visibility(),
            cmd.replyToId(),
            cmd.quoteOfId(),
            null,
            text.hashtags(),
            text.mentions(),
            text.urls(),
            cmd.createdAt(),
            cmd.place(),
            cmd.media());
    return Effect()
        .persist(new Posted(tweet))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.tweet()));
  }

  private ReplyEffect<Event, State> onPostRetweet(State state, PostRetweet cmd) {
    if (state.isPosted()) {
      return state.tweet().authorId() == cmd.authorId()
          ? Effect()
              .reply(
                  cmd.replyTo(),
                  Outcome.accepted(new RetweetPosted(state.tweet(), state.deleted())))
          : Effect().reply(cmd.replyTo(), Outcome.rejected(idInUse()));
    }
    var retweet =
        new TweetData(
            tweetId,
            cmd.authorId(),
            "",
            Visibility.PUBLIC,
            null,
            null,
            cmd.originalId(),
            List.of(),
            List.of(),
            List.of(),
            cmd.createdAt(),
            null);
    return Effect()
        .persist(new Posted(retweet))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(new RetweetPosted(s.tweet(), false)));
  }

  /** Posting an id again answers the tweet already there, so retried posts stay one tweet. */
  private ReplyEffect<Event, State> repeated(
      State state, long authorId, ActorRef<Outcome<TweetData>> replyTo) {
    if (state.tweet().authorId() != authorId) {
      return Effect().reply(replyTo, Outcome.rejected(idInUse()));
    }
    if (state.deleted()) {
      return Effect().reply(replyTo, Outcome.rejected(Rejection.notFound("the tweet was deleted")));
    }
    return Effect().reply(replyTo, Outcome.accepted(state.tweet()));
  }

  private static Rejection idInUse() {
    return Rejection.conflict("tweet id already in use");
  }

  private ReplyEffect<Event, State> onDelete(State state, Delete cmd) {
    if (!state.isVisible()) {
      return Effect().reply(cmd.replyTo(), Outcome.rejected(Rejection.notFound("no such tweet")));
    }
    if (state.tweet().authorId() != cmd.requesterId()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.forbidden("only the author can delete a tweet")));
    }
    return Effect()
        .persist(new Deleted(state.tweet(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.tweet()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Posted.class, (state, e) -> new State(e.tweet(), false))
        .onEvent(Deleted.class, (state, e) -> new State(state.tweet(), true))
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

  @Override
  public Recovery recovery() {
    return EntitySettings.eventsOnlyRecovery();
  }
}
