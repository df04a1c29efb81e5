package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.read.projection.ReadSide;
import dev.starling.relationship.Relationship;
import dev.starling.relationship.Relationship.TieChange;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Block, unblock, mute and unmute. The relationship entity decides (it also refuses blocking or
 * muting yourself); the lists, the follows a block ends and this node's cache of hidden authors are
 * then updated before answering, so the caller's timelines and counts reflect the change at once.
 */
public final class RelationshipService {
  private final Entities entities;
  private final ReadSide readSide;
  private final Clock clock;

  public RelationshipService(Entities entities, ReadSide readSide, Clock clock) {
    this.entities = entities;
    this.readSide = readSide;
    this.clock = clock;
  }

  /** Whether the caller blocks {@code userId} afterwards. */
  public CompletionStage<Boolean> block(long callerId, long userId) {
    return changeBlock(callerId, userId, Relationship.Block::new);
  }

  public CompletionStage<Boolean> unblock(long callerId, long userId) {
    return changeBlock(callerId, userId, Relationship.Unblock::new);
  }

  /** Whether the caller mutes {@code userId} afterwards. */
  public CompletionStage<Boolean> mute(long callerId, long userId) {
    return changeMute(callerId, userId, Relationship.Mute::new);
  }

  public CompletionStage<Boolean> unmute(long callerId, long userId) {
    return changeMute(callerId, userId, Relationship.Unmute::new);
  }

  private CompletionStage<Boolean> changeBlock(long callerId, long userId, TieCommand command) {
    return ask(callerId, userId, command)
        .thenCompose(
            change ->
                readSide
                    .relationshipUpdater()
                    .applyBlock(
                        change.userId(),
                        change.otherId(),
                        change.active(),
                        change.version(),
                        change.at())
                    .thenApply(done -> change.active()));
  }

  private CompletionStage<Boolean> changeMute(long callerId, long userId, TieCommand command) {
    return ask(callerId, userId, command)
        .thenCompose(
            change ->
                readSide
                    .relationshipUpdater()
                    .applyMute(
                        change.userId(),
                        change.otherId(),
                        change.active(),
                        change.version(),
                        change.at())
                    .thenApply(done -> change.active()));
  }

  private CompletionStage<TieChange> ask(long callerId, long userId, TieCommand command) {
    return readSide
        .users()
        .byId(userId)
        .thenCompose(
            user -> {
              if (user.isEmpty()) {
                throw Rejected.notFound("no user with id " + userId);
              }
              return entities.<Relationship.Command, Outcome<TieChange>>ask(
                  Relationship.ENTITY_KEY,
                  Relationship.entityId(callerId, userId),
                  replyTo -> command.create(callerId, userId, clock.instant(), replyTo));
            })
        .thenCompose(Outcomes::accepted);
  }

  /** The shape shared by the four commands' constructors. */
  @FunctionalInterface
  private interface TieCommand {
    Relationship.Command create(
        long callerId, long userId, Instant at, ActorRef<Outcome<TieChange>> replyTo);
  }
}
