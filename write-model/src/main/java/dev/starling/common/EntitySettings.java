package dev.starling.common;

import org.apache.pekko.actor.typed.ActorSystem;
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
}
