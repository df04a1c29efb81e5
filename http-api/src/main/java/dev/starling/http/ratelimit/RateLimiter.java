package dev.starling.http.ratelimit;

import dev.starling.common.CborSerializable;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One rate-limit bucket (bucket4j, refilled greedily), as a sharded entity so that a limit holds
 * across every node of the cluster: all requests of one user (or address) and endpoint class go to
 * the same bucket wherever they arrive. Not persistent: a bucket lost with its node starts full
 * again, which errs on the side of serving. It stays in memory until it has refilled completely
 * (then it would start full anyway) and passivates itself.
 */
public final class RateLimiter {
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "RateLimiter");

  public sealed interface Command extends CborSerializable {}

  public record TryConsume(ActorRef<Verdict> replyTo) implements Command {}

  private record Refilled() implements Command {}

  /**
   * The answer for one request: whether it may proceed, the bucket's capacity and what is left, the
   * epoch second at which the bucket is full again, and when it was refused, how many seconds until
   * the next request would be allowed.
   */
  public record Verdict(
      boolean allowed, long limit, long remaining, long resetEpochSecond, long retryAfterSeconds)
      implements CborSerializable {}

  /** A bucket's size and the period in which it refills completely. */
  public record Limit(long capacity, Duration period) {}

  private RateLimiter() {}

  public static Behavior<Command> create(
      ActorRef<ClusterSharding.ShardCommand> shard, Limit limit) {
    return Behaviors.setup(
        context -> {
          Bucket bucket =
              Bucket.builder()
                  .addLimit(
                      bandwidth ->
                          bandwidth
                              .capacity(limit.capacity())
                              .refillGreedy(limit.capacity(), limit.period()))
                  .build();
          return Behaviors.receive(Command.class)
              .onMessage(
                  TryConsume.class,
                  request -> {
                    var probe = bucket.tryConsumeAndReturnRemaining(1);
                    long nowMillis = System.currentTimeMillis();
                    long resetEpochSecond =
                        (nowMillis + probe.getNanosToWaitForReset() / 1_000_000 + 999) / 1000;
                    long retryAfter =
                        probe.isConsumed()
                            ? 0
                            : Math.max(
                                1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
                    request
                        .replyTo()
                        .tell(
                            new Verdict(
                                probe.isConsumed(),
                                limit.capacity(),
                                probe.getRemainingTokens(),
                                resetEpochSecond,
                                retryAfter));
                    context.cancelReceiveTimeout();
                    context.setReceiveTimeout(
                        Duration.ofNanos(Math.max(probe.getNanosToWaitForReset(), 1_000_000)),
                        new Refilled());
                    return Behaviors.same();
                  })
              .onMessage(
                  Refilled.class,
                  refilled -> {
                    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
