package dev.starling.read.engagement;

import dev.starling.common.Outcome;
import dev.starling.common.Stages;
import dev.starling.engagement.Engagement;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Keeps like and retweet counts, and finishes what a retweet or its undo started: the retweet is
 * also a tweet of its own, and if the node died between the engagement event and that tweet's post
 * or delete, this handler completes it. Both steps are idempotent entity commands.
 */
public final class EngagementHandler extends Handler<EventEnvelope<Engagement.Event>> {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private final EngagementUpdater updater;
  private final ClusterSharding sharding;

  public EngagementHandler(ActorSystem<?> system, EngagementUpdater updater) {
    this.updater = updater;
    this.sharding = ClusterSharding.get(system);
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Engagement.Event> envelope) {
    var event = envelope.event();
    CompletionStage<?> saga = CompletableFuture.completedFuture(null);
    if (event instanceof Engagement.Retweeted retweeted) {
      saga =
          Stages.plain(
              tweet(retweeted.retweetId())
                  .<Outcome<Tweet.RetweetPosted>>ask(
                      r ->
                          new Tweet.PostRetweet(
                              retweeted.userId(), retweeted.tweetId(), retweeted.at(), r),
                      ASK_TIMEOUT));
    } else if (event instanceof Engagement.RetweetUndone undone) {
      // a rejection here means the retweet is already gone, which is the goal
      saga =
          Stages.plain(
              tweet(undone.retweetId())
                  .<Outcome<TweetData>>ask(
                      r -> new Tweet.Delete(undone.userId(), undone.at(), r), ASK_TIMEOUT));
    }
    return saga.thenCompose(done -> updater.apply(event)).thenApply(done -> Done.getInstance());
  }

  private EntityRef<Tweet.Command> tweet(long id) {
    return sharding.entityRefFor(Tweet.ENTITY_KEY, Long.toString(id));
  }
}
