package dev.starling.read.graph;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.store.Cql;
import dev.starling.read.store.EdgeWriters;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Who follows whom, both ways, with exact counts. */
public final class SocialGraph {
  private final CountedEdges followers;
  private final CountedEdges following;

  public SocialGraph(Cql cql, EdgeWriters writers) {
    followers = new CountedEdges(cql, writers, "followers", "user_id", "follower_id");
    following = new CountedEdges(cql, writers, "following", "user_id", "followee_id");
  }

  /**
   * Records the follow edge at {@code version} on both sides. Idempotent; returns true when the
   * followee's side is at this version — changed by this call or by an earlier delivery of the
   * same event — so side effects such as timeline back-fill run again on a retry or from the
   * projection when the first attempt stopped after the edge, and never for a superseded event.
   */
  public CompletionStage<Boolean> apply(
      long followerId, long followeeId, boolean active, long version, Instant at) {
    var followeeSide = followers.apply(followeeId, followerId, active, version, at);
    return following
        .apply(followerId, followeeId, active, version, at)
        .thenCombine(followeeSide, (ignored, applied) -> applied.current());
  }

  public CountedEdges followers() {
    return followers;
  }

  public CountedEdges following() {
    return following;
  }
}
