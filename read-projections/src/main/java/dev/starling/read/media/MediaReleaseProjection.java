package dev.starling.read.media;

import dev.starling.read.projection.TaggedProjections;
import dev.starling.tweet.Tweet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Releases a deleted tweet's media from the journal ({@link Tweet.Deleted}), so a node stopping
 * right after a delete was persisted cannot leave its media reachable.
 */
public final class MediaReleaseProjection {
  public static final String NAME = "media-release";

  private MediaReleaseProjection() {}

  public static void start(ActorSystem<?> system, MediaRelease release) {
    TaggedProjections.<Tweet.Event>start(
        system, NAME, Tweet.AGGREGATE, () -> new ReleaseHandler(release));
  }

  static final class ReleaseHandler extends Handler<EventEnvelope<Tweet.Event>> {
    private final MediaRelease release;

    ReleaseHandler(MediaRelease release) {
      this.release = release;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<Tweet.Event> envelope) {
      if (envelope.event() instanceof Tweet.Deleted deleted && !deleted.tweet().media().isEmpty()) {
        return release.release(deleted.tweet(), deleted.at()).thenApply(done -> Done.getInstance());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }
}
