package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.read.projection.ReadSide;
import dev.starling.relationship.Relationship;
import dev.starling.relationship.Relationship.EdgeChange;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Follow and unfollow. The relationship entity decides; the graph and timelines are then updated
 * before answering, so the caller's counts and home timeline reflect the change at once.
 */
public final class FollowService {
  private final Entities entities;
  private final ReadSide readSide;
  private final Clock clock;

  public FollowService(Entities entities, ReadSide readSide, Clock clock) {
    this.entities = entities;
    this.readSide = readSide;
    this.clock = clock;
  }

  public CompletionStage<Boolean> follow(long followerId, long followeeId) {
    if (followerId == followeeId) {
      return CompletableFuture.failedFuture(Rejected.invalid("you cannot follow yourself"));
    }
    return change(followerId, followeeId, true);
  }

  public CompletionStage<Boolean> unfollow(long followerId, long followeeId) {
    return change(followerId, followeeId, false);
  }

  private CompletionStage<Boolean> change(long followerId, long followeeId, boolean follow) {
    return readSide
        .users()
        .byId(followeeId)
        .thenCompose(
            followee -> {
              if (followee.isEmpty()) {
                throw Rejected.notFound("no user with id " + followeeId);
              }
              return entities.<Relationship.Command, Outcome<EdgeChange>>ask(
                  Relationship.ENTITY_KEY,
                  Relationship.entityId(followerId, followeeId),
                  r ->
                      follow
                          ? new Relationship.Follow(followerId, followeeId, clock.instant(), r)
                          : new Relationship.Unfollow(followerId, followeeId, clock.instant(), r));
            })
        .thenCompose(Outcomes::accepted)
        .thenCompose(
            edge ->
                readSide
                    .followUpdater()
                    .apply(
                        edge.followerId(),
                        edge.followeeId(),
                        edge.following(),
                        edge.version(),
                        edge.at())
                    .thenApply(done -> edge.following()));
  }
}
