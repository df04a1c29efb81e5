package dev.starling.media;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.common.tracing.TracedAggregate;
import java.time.Duration;
import java.time.Instant;
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
 * One uploaded medium: uploaded → attached to one tweet → released when that tweet is deleted.
 * Unattached media expire {@code expiry} after the upload: from then on it answers as if it did not
 * exist. Released media answer not found at once. Its id is chosen by the caller (a Snowflake id),
 * so an upload retried with the same id stays one medium.
 */
public final class Media extends TracedAggregate<Media.Command, Media.Event, Media.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Media");

  public sealed interface Command extends CborSerializable {}

  public record Upload(MediaData media, ActorRef<Outcome<MediaData>> replyTo) implements Command {}

  /**
   * Attaches the medium to a tweet of the requester's. Only the uploader may, only while the medium
   * is live (uploaded, not expired, not released), and only to one tweet; attaching it to the same
   * tweet again (a retried post) is accepted without a new event.
   */
  public record Attach(
      long requesterId, long tweetId, Instant at, ActorRef<Outcome<MediaData>> replyTo)
      implements Command {}

  /**
   * Undoes an attachment whose tweet was never posted (its post was refused after the media were
   * attached): the medium is unattached again, and expires as if it had never been attached.
   */
  public record Detach(long tweetId, Instant at, ActorRef<Outcome<MediaData>> replyTo)
      implements Command {}

  /** The tweet it is attached to was deleted: the medium is gone for everyone from now on. */
  public record Release(long tweetId, Instant at, ActorRef<Outcome<MediaData>> replyTo)
      implements Command {}

  /**
   * Asked by the sweeper when the medium may have reached its end: an upload never attached past
   * its expiry, or a released medium past the grace period. Purging persists that the medium is
   * gone for good; the reply says what to do with its bytes.
   */
  public record Purge(Instant at, ActorRef<PurgeVerdict> replyTo) implements Command {}

  /**
   * {@code key} set: the medium is purged, drop its hold on that object. {@code notBefore} set: ask
   * again then. Neither: nothing will ever be purged (attached and live, or never uploaded).
   */
  public record PurgeVerdict(String key, Instant notBefore) implements CborSerializable {}

  /** The medium if it may still be served at {@code at}. */
  public record Get(Instant at, ActorRef<Optional<MediaData>> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Uploaded(MediaData media) implements Event {}

  public record Attached(long mediaId, long tweetId, Instant at) implements Event {}

  public record Detached(long mediaId, long tweetId, Instant at) implements Event {}

  public record Released(long mediaId, long tweetId, Instant at) implements Event {}

  public record Purged(long mediaId, Instant at) implements Event {}

  public record State(MediaData media, Long tweetId, Instant releasedAt, boolean purged)
      implements CborSerializable {
    State(MediaData media, Long tweetId, Instant releasedAt) {
      this(media, tweetId, releasedAt, false);
    }

    boolean live(Instant at, Duration expiry) {
      return media != null
          && !purged
          && releasedAt == null
          && (tweetId != null || at.isBefore(media.uploadedAt().plus(expiry)));
    }
  }

  public static void init(ActorSystem<?> system) {
    var settings = EntitySettings.fromConfig(system);
    var config = system.settings().config().getConfig("starling.media");
    Duration expiry = config.getDuration("unattached-expiry");
    Duration grace = config.getDuration("delete-grace");
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY, ctx -> create(ctx.getEntityId(), expiry, grace, settings.retention())));
  }

  public static Behavior<Command> create(
      String mediaId, Duration expiry, RetentionCriteria retention) {
    return create(mediaId, expiry, Duration.ZERO, retention);
  }

  public static Behavior<Command> create(
      String mediaId, Duration expiry, Duration grace, RetentionCriteria retention) {
    return new Media(mediaId, expiry, grace, retention);
  }

  private final long mediaId;
  private final Duration expiry;
  private final Duration grace;
  private final RetentionCriteria retention;

  private Media(String mediaId, Duration expiry, Duration grace, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), mediaId));
    this.mediaId = Long.parseLong(mediaId);
    this.expiry = expiry;
    this.grace = grace;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(null, null, null);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Upload.class, this::onUpload)
        .onCommand(Attach.class, this::onAttach)
        .onCommand(Detach.class, this::onDetach)
        .onCommand(Release.class, this::onRelease)
        .onCommand(Purge.class, this::onPurge)
        .onCommand(
            Get.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        state.live(cmd.at(), expiry)
                            ? Optional.of(state.media())
                            : Optional.empty()))
        .build();
  }

  private ReplyEffect<Event, State> onUpload(State state, Upload cmd) {
    if (cmd.media().id() != mediaId) {
      return Effect()
          .reply(cmd.replyTo(), Outcome.rejected(Rejection.invalid("media id does not match")));
    }
    if (state.media() != null) {
      return state.media().equals(cmd.media())
          ? Effect().reply(cmd.replyTo(), Outcome.accepted(state.media()))
          : Effect().reply(cmd.replyTo(), Outcome.rejected(Rejection.conflict("media id in use")));
    }
    return Effect()
        .persist(new Uploaded(cmd.media()))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.media()));
  }

  private ReplyEffect<Event, State> onAttach(State state, Attach cmd) {
    // someone else's medium is not found rather than forbidden: ids say nothing about others' media
    if (!state.live(cmd.at(), expiry) || state.media().uploaderId() != cmd.requesterId()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(Rejection.notFound("no media with id '" + mediaId + "'")));
    }
    if (state.tweetId() != null) {
      return state.tweetId() == cmd.tweetId()
          ? Effect().reply(cmd.replyTo(), Outcome.accepted(state.media()))
          : Effect()
              .reply(
                  cmd.replyTo(),
                  Outcome.rejected(
                      Rejection.invalid(
                          "media '" + mediaId + "' is already attached to another tweet")));
    }
    return Effect()
        .persist(new Attached(mediaId, cmd.tweetId(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.media()));
  }

  private ReplyEffect<Event, State> onDetach(State state, Detach cmd) {
    if (state.media() == null
        || state.releasedAt() != null
        || state.tweetId() == null
        || state.tweetId() != cmd.tweetId()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(
                  Rejection.notFound("media '" + mediaId + "' is not attached to that tweet")));
    }
    return Effect()
        .persist(new Detached(mediaId, cmd.tweetId(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.media()));
  }

  private ReplyEffect<Event, State> onPurge(State state, Purge cmd) {
    if (state.media() == null) {
      return Effect().reply(cmd.replyTo(), new PurgeVerdict(null, null));
    }
    if (state.purged()) {
      // asked again (a sweep that stopped half-way): the hold may not have been dropped yet
      return Effect().reply(cmd.replyTo(), new PurgeVerdict(state.media().key(), null));
    }
    Instant end;
    if (state.releasedAt() != null) {
      end = state.releasedAt().plus(grace);
    } else if (state.tweetId() == null) {
      end = state.media().uploadedAt().plus(expiry);
    } else {
      return Effect().reply(cmd.replyTo(), new PurgeVerdict(null, null));
    }
    if (cmd.at().isBefore(end)) {
      return Effect().reply(cmd.replyTo(), new PurgeVerdict(null, end));
    }
    return Effect()
        .persist(new Purged(mediaId, cmd.at()))
        .thenReply(cmd.replyTo(), s -> new PurgeVerdict(s.media().key(), null));
  }

  private ReplyEffect<Event, State> onRelease(State state, Release cmd) {
    if (state.media() == null || state.tweetId() == null || state.tweetId() != cmd.tweetId()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Outcome.rejected(
                  Rejection.notFound("media '" + mediaId + "' is not attached to that tweet")));
    }
    if (state.releasedAt() != null) {
      return Effect().reply(cmd.replyTo(), Outcome.accepted(state.media()));
    }
    return Effect()
        .persist(new Released(mediaId, cmd.tweetId(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> Outcome.accepted(s.media()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Uploaded.class, (state, e) -> new State(e.media(), null, null))
        .onEvent(Attached.class, (state, e) -> new State(state.media(), e.tweetId(), null))
        .onEvent(Detached.class, (state, e) -> new State(state.media(), null, null))
        .onEvent(Released.class, (state, e) -> new State(state.media(), state.tweetId(), e.at()))
        .onEvent(
            Purged.class,
            (state, e) -> new State(state.media(), state.tweetId(), state.releasedAt(), true))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return retention;
  }
}
