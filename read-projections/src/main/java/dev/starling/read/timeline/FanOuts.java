package dev.starling.read.timeline;

import dev.starling.common.Stages;
import dev.starling.read.timeline.FanOut.Direction;
import dev.starling.tweet.TweetData;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and awaits {@link FanOut}s: one sharded entity per tweet and direction. */
final class FanOuts {
  private static final EntityTypeKey<FanOut.Command> ENTITY_KEY =
      EntityTypeKey.create(FanOut.Command.class, "FanOut");

  private static final Logger log = LoggerFactory.getLogger(FanOuts.class);

  private final ClusterSharding sharding;
  private final FanOut.Tools tools;
  private final Duration completionTimeout;
  private final Duration resendAfter;

  private FanOuts(
      ActorSystem<?> system, FanOut.Tools tools, Duration completionTimeout, Duration resendAfter) {
    this.sharding = ClusterSharding.get(system);
    this.tools = tools;
    this.completionTimeout = completionTimeout;
    this.resendAfter = resendAfter;
  }

  static FanOuts start(
      ActorSystem<?> system, FanOut.Tools tools, Duration completionTimeout, Duration resendAfter) {
    var fanOuts = new FanOuts(system, tools, completionTimeout, resendAfter);
    fanOuts.sharding.init(Entity.of(ENTITY_KEY, entity -> FanOut.create(entity, tools)));
    return fanOuts;
  }

  /** Starts the fan-out without waiting for it: the fast path. */
  void begin(TweetData tweet, Direction direction) {
    entity(tweet, direction).tell(new FanOut.Start(tweet, direction, Optional.empty()));
  }

  /**
   * Whether the tweet's fan-out in {@code direction} has begun: it stored a position (after its
   * first page, or at once when it had nobody to serve).
   */
  CompletionStage<Boolean> begun(TweetData tweet, Direction direction) {
    return FanOut.position(tools, tweet.tweetId(), direction).thenApply(Optional::isPresent);
  }

  /**
   * Completes once every follower is served (at once if that already happened): the backstop.
   *
   * <p>A start can be lost: with a node that dies holding the fan-out's shard, or while the shard
   * is handed off to another node. So it is sent again every {@code resendAfter} until the fan-out
   * answers, or {@code completionTimeout} has passed. A fan-out still running just counts this
   * asker among its waiters once more; one that finished answers from its stored position.
   */
  CompletionStage<Void> complete(TweetData tweet, Direction direction) {
    return askUntilAnswered(
            wait ->
                entity(tweet, direction)
                    .<FanOut.Finished>ask(
                        replyTo -> new FanOut.Start(tweet, direction, Optional.of(replyTo)), wait),
            resendAfter,
            completionTimeout,
            waited ->
                log.info(
                    "Fan-out {} of tweet {}: no answer within {} ms, start sent again",
                    direction,
                    tweet.tweetId(),
                    waited.toMillis()))
        .thenCompose(FanOut::noFailure);
  }

  /**
   * Asks ({@code ask} is given how long to wait for its answer) and asks again, each time {@code
   * resendAfter} passed without an answer, until one comes or {@code within} has passed; then it
   * fails with the last attempt's timeout. Failures other than a timeout are not asked again.
   */
  static <T> CompletionStage<T> askUntilAnswered(
      Function<Duration, CompletionStage<T>> ask,
      Duration resendAfter,
      Duration within,
      Consumer<Duration> onResend) {
    return askUntilAnswered(ask, resendAfter, System.nanoTime() + within.toNanos(), onResend);
  }

  private static <T> CompletionStage<T> askUntilAnswered(
      Function<Duration, CompletionStage<T>> ask,
      Duration resendAfter,
      long deadline,
      Consumer<Duration> onResend) {
    long left = deadline - System.nanoTime();
    // at least a millisecond: an ask needs a positive timeout
    var wait = Duration.ofNanos(Math.max(1_000_000, Math.min(left, resendAfter.toNanos())));
    return Stages.plain(ask.apply(wait))
        .handle(
            (answer, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(answer);
              }
              if (Stages.unwrap(failure) instanceof TimeoutException
                  && System.nanoTime() < deadline) {
                onResend.accept(wait);
                return askUntilAnswered(ask, resendAfter, deadline, onResend);
              }
              return CompletableFuture.<T>failedFuture(failure);
            })
        .thenCompose(Function.identity());
  }

  private EntityRef<FanOut.Command> entity(TweetData tweet, Direction direction) {
    return sharding.entityRefFor(ENTITY_KEY, direction.name() + ":" + tweet.tweetId());
  }
}
