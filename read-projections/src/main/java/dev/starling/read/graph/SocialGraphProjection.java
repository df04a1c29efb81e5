package dev.starling.read.graph;

import dev.starling.read.projection.TaggedProjections;
import dev.starling.relationship.Relationship;
import org.apache.pekko.actor.typed.ActorSystem;

public final class SocialGraphProjection {
  public static final String NAME = "social-graph";

  private SocialGraphProjection() {}

  public static void start(
      ActorSystem<?> system, FollowUpdater follows, RelationshipUpdater relationships) {
    TaggedProjections.<Relationship.Event>start(
        system, NAME, Relationship.AGGREGATE, () -> new SocialGraphHandler(follows, relationships));
  }
}
