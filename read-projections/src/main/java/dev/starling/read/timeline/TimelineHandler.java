package dev.starling.read.timeline;

import dev.starling.tweet.Tweet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

public final class TimelineHandler extends Handler<EventEnvelope<Tweet.Event>> {
  private final TimelineWriter writer;

  public TimelineHandler(TimelineWriter writer) {
    this.writer = writer;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Tweet.Event> envelope) {
    if (envelope.event() instanceof Tweet.Posted posted) {
      return writer.onPosted(posted.tweet()).thenApply(v -> Done.getInstance());
    }
    if (envelope.event() instanceof Tweet.Deleted deleted) {
      return writer.onDeleted(deleted.tweet()).thenApply(v -> Done.getInstance());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
