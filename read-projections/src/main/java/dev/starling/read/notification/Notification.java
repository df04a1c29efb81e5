package dev.starling.read.notification;

import dev.starling.common.Snowflake;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * Something another user did that {@code userId} is told about. {@code tweetId} is null for a
 * follow.
 */
public record Notification(
    long userId, long notificationId, Type type, long actorId, Long tweetId, Instant createdAt) {

  public enum Type {
    FOLLOW,
    LIKE,
    RETWEET,
    REPLY,
    MENTION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Type> fromWireName(String wireName) {
      return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst();
    }
  }

  private static final int HASH_BITS = 22;
  private static final long HASH_MASK = (1L << HASH_BITS) - 1;

  /**
   * The notification {@code source} causes for {@code recipientId}, or none when the recipient is
   * the actor: nobody is told about their own actions.
   */
  public static Optional<Notification> about(
      EventEnvelope<?> source,
      Type type,
      long recipientId,
      long actorId,
      Long tweetId,
      Instant at) {
    if (recipientId == actorId) {
      return Optional.empty();
    }
    return Optional.of(
        new Notification(
            recipientId, idFor(source, type, recipientId, at), type, actorId, tweetId, at));
  }

  /**
   * Derived from the event rather than issued, so a redelivered event overwrites its own row
   * instead of adding a second one. The high bits are the event time, which keeps notifications
   * newest first; the type is hashed in because one post can both reply to and mention the same
   * user.
   */
  static long idFor(EventEnvelope<?> source, Type type, long recipientId, Instant at) {
    long hash = mix(source.persistenceId().hashCode());
    hash = mix(hash ^ source.sequenceNr());
    hash = mix(hash ^ recipientId);
    hash = mix(hash ^ type.wireName().hashCode());
    return Snowflake.firstIdAt(at) | (hash & HASH_MASK);
  }

  /** The splitmix64 finaliser: spreads every input bit over the low bits kept for the id. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
