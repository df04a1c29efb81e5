package dev.starling.common;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Settings every aggregate shares, read once from {@code starling.write-model}. */
public record EntitySettings(int snapshotEveryEvents, int keepSnapshots) {

  public static EntitySettings fromConfig(ActorSystem<?> system) {
    var config = system.settings().config().getConfig("starling.write-model");
    return new EntitySettings(
        config.getInt("snapshot-every-events"), config.getInt("keep-snapshots"));
  }

  public RetentionCriteria retention() {
    return RetentionCriteria.snapshotEvery(snapshotEveryEvents, keepSnapshots);
  }

  /**
   * Recovery for aggregates that have a handful of events in their whole life (a tweet: posted,
   * deleted; an idempotency key: claimed): they never reach a snapshot, so recovery replays their
   * events without asking the snapshot store first. Every post starts a new Tweet entity, so this
   * is one Cassandra read fewer per post. Events are never deleted, so a snapshot taken anyway is
   * never needed.
   */
  public static Recovery eventsOnlyRecovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }
}
