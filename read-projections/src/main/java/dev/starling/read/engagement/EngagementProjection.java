package dev.starling.read.engagement;

import dev.starling.engagement.Engagement;
import dev.starling.read.projection.TaggedProjections;
import org.apache.pekko.actor.typed.ActorSystem;

public final class EngagementProjection {
  public static final String NAME = "engagement";

  private EngagementProjection() {}

  public static void start(ActorSystem<?> system, EngagementUpdater updater) {
    TaggedProjections.<Engagement.Event>start(
        system, NAME, Engagement.AGGREGATE, () -> new EngagementHandler(system, updater));
  }
}
