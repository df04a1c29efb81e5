package dev.starling.idempotency;

import dev.starling.common.CborSerializable;
import dev.starling.common.EntitySettings;
import dev.starling.common.tracing.TracedAggregate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One entity per (user, Idempotency-Key): the first claim within the window fixes the id of the
 * tweet that key stands for; every later or concurrent claim gets that same id back. Because the
 * claim is persisted, a restart does not forget it.
 */
public final class IdempotencyKey
    extends TracedAggregate<IdempotencyKey.Command, IdempotencyKey.Event, IdempotencyKey.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "IdempotencyKey");
  public static final int MAX_KEY_LENGTH = 64;

  public sealed interface Command extends CborSerializable {}

  /** Claims {@code candidateId} for the key; the reply is the id the key stands for. */
  public record Claim(long candidateId, Instant at, ActorRef<Claimed> replyTo) implements Command {}

  public record Claimed(long resourceId, boolean firstClaim) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record KeyClaimed(long resourceId, Instant at) implements Event {}

  public record State(Long resourceId, Instant claimedAt) implements CborSerializable {}

  /**
   * The entity of {@code key} for {@code userId}. Keys made only of letters, digits, '.', '_' and
   * '-' (UUIDs, ULIDs, most client libraries) are used as they are; any other key is replaced by
   * its SHA-256 (marked by '~', which no plain key contains), so that no character a client may
   * send can clash with what persistence ids and entity ids reserve.
   */
  public static String entityId(long userId, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return userId + ":" + key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return userId + ":~" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9._-]+");

  public static void init(ActorSystem<?> system) {
    var settings = EntitySettings.fromConfig(system);
    Duration window =
        system.settings().config().getDuration("starling.write-model.idempotency-window");
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), window, settings.retention())));
  }

  public static Behavior<Command> create(
      String entityId, Duration window, RetentionCriteria retention) {
    return new IdempotencyKey(entityId, window, retention);
  }

  private final Duration window;
  private final RetentionCriteria retention;

  private IdempotencyKey(String entityId, Duration window, RetentionCriteria retention) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.window = window;
    this.retention = retention;
  }

  @Override
  public State emptyState() {
    return new State(null, null);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, State> commands() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Claim.class, this::onClaim)
        .build();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    boolean live = state.resourceId() != null && cmd.at().isBefore(state.claimedAt().plus(window));
    if (live) {
      return Effect().reply(cmd.replyTo(), new Claimed(state.resourceId(), false));
    }
    return Effect()
        .persist(new KeyClaimed(cmd.candidateId(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> new Claimed(cmd.candidateId(), true));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(KeyClaimed.class, (state, e) -> new State(e.resourceId(), e.at()))
        .build();
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
