package dev.starling.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** One in-memory actor system per test class, with the journal/snapshot test plugins. */
public final class AggregateTestKit {
  private AggregateTestKit() {}

  public static ActorTestKit create() {
    return ActorTestKit.create(config());
  }

  /** The configuration {@link #create()} starts its system with. */
  public static Config config() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(
            ConfigFactory.parseString(
                "pekko.persistence.snapshot-store.plugin ="
                    + " \"pekko.persistence.testkit.snapshotstore.pekko-persistence-testkit-snapshot-store\"\n"
                    + "pekko.persistence.testkit.snapshotstore.pekko-persistence-testkit-snapshot-store.class"
                    + " = \"org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin\""))
        .withFallback(ConfigFactory.load());
  }
}
