package dev.starling.read.media;

import dev.starling.common.Outcome;
import dev.starling.common.Stages;
import dev.starling.media.Media;
import dev.starling.media.MediaData;
import dev.starling.tweet.TweetData;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What a tweet's delete does to its media: each medium is released (it answers not found from then
 * on) and scheduled for the sweeper, which removes its bytes once the grace period is over (the
 * medium says when). The one place for that step: the delete's fast path and the {@link
 * MediaReleaseProjection} (the durable backstop, should the node stop between the delete and the
 * fast path) both call it, with the delete's own time, so doing it twice changes nothing: a second
 * release is accepted without an event and the schedule entry is the same row.
 */
public final class MediaRelease {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ClusterSharding sharding;
  private final MediaSchedule schedule;

  public MediaRelease(ActorSystem<?> system, MediaSchedule schedule) {
    this.sharding = ClusterSharding.get(system);
    this.schedule = schedule;
  }

  /** Releases the media of a tweet deleted at {@code deletedAt}. */
  public CompletionStage<Void> release(TweetData deleted, Instant deletedAt) {
    return CompletableFuture.allOf(
        deleted.media().stream()
            .map(m -> release(m.mediaId(), deleted.tweetId(), deletedAt).toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Void> release(long mediaId, long tweetId, Instant at) {
    return Stages.plain(
            sharding
                .entityRefFor(Media.ENTITY_KEY, Long.toString(mediaId))
                .<Outcome<MediaData>>ask(r -> new Media.Release(tweetId, at, r), ASK_TIMEOUT))
        // a rejection says the medium is not this tweet's (anymore): nothing of it to release
        .thenCompose(
            released ->
                released instanceof Outcome.Accepted<MediaData>
                    ? schedule.schedule(mediaId, at)
                    : CompletableFuture.completedFuture(null));
  }
}
