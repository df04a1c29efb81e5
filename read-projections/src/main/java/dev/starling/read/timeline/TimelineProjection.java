package dev.starling.read.timeline;

import dev.starling.read.projection.TaggedProjections;
import dev.starling.tweet.Tweet;
import org.apache.pekko.actor.typed.ActorSystem;

public final class TimelineProjection {
  public static final String NAME = "timelines";

  private TimelineProjection() {}

  public static void start(ActorSystem<?> system, TimelineWriter writer) {
    TaggedProjections.<Tweet.Event>start(
        system, NAME, Tweet.AGGREGATE, () -> new TimelineHandler(writer));
  }
}
