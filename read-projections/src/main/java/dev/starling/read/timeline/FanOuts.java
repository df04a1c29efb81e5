package dev.starling.read.timeline;

import dev.starling.common.Stages;
import dev.starling.read.timeline.FanOut.Direction;
import dev.starling.tweet.TweetData;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Starts and awaits {@link FanOut}s: one sharded entity per tweet and direction. */
final class FanOuts {
  private static final EntityTypeKey<FanOut.Command> ENTITY_KEY =
      EntityTypeKey.create(FanOut.Command.class, "FanOut");

  private final ClusterSharding sharding;
  private final FanOut.Tools tools;
  private final Duration completionTimeout;

  private FanOuts(ActorSystem<?> system, FanOut.Tools tools, Duration completionTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.tools = tools;
    this.completionTimeout = completionTimeout;
  }

  static FanOuts start(ActorSystem<?> system, FanOut.Tools tools, Duration completionTimeout) {
    var fanOuts = new FanOuts(system, tools, completionTimeout);
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

  /** Completes once every follower is served (at once if that already happened): the backstop. */
  CompletionStage<Void> complete(TweetData tweet, Direction direction) {
    return Stages.plain(
            entity(tweet, direction)
                .<FanOut.Finished>ask(
                    replyTo -> new FanOut.Start(tweet, direction, Optional.of(replyTo)),
                    completionTimeout))
        .thenCompose(FanOut::noFailure);
  }

  private EntityRef<FanOut.Command> entity(TweetData tweet, Direction direction) {
    return sharding.entityRefFor(ENTITY_KEY, direction.name() + ":" + tweet.tweetId());
  }
}
