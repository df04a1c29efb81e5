package dev.starling.ops.bench.journal;

import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.List;
import java.util.Map;

/**
 * The node's journal and driver settings, for the baselines that write to its Cassandra: its own
 * {@code persistence.conf} (copied from cluster-config at build time) with the keyspace and contact
 * point derived the way {@code StarlingNode.configure} derives them.
 */
public final class NodeJournalSettings {
  private static final String DRIVER = "datastax-java-driver";

  /** What a bench-side actor system needs that the node has in its other configuration files. */
  private static final String BENCH_SYSTEM =
      """
      pekko {
        loglevel = WARNING
        loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        log-dead-letters = off
        # A cluster of its own, as the journal's tag-write notifications need cluster pub-sub.
        actor.provider = cluster
        remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        coordinated-shutdown.exit-jvm = off
        actor.serialization-bindings {
          "dev.starling.ops.bench.journal.PersistLoopEntity$Persisted" = jackson-cbor
        }
      }
      """;

  private final Config config;
  private final String keyspace;

  private NodeJournalSettings(Config config, String keyspace) {
    this.config = config;
    this.keyspace = keyspace;
  }

  /**
   * @param contactPoint the node's Cassandra, {@code host:port}
   */
  public static NodeJournalSettings of(String contactPoint, String keyspace) {
    Config node = ConfigFactory.parseResources(NodeJournalSettings.class, "persistence.conf");
    if (!node.hasPath("pekko.persistence.journal.plugin")) {
      throw new IllegalStateException(
          "the node's persistence.conf is missing from the bench's classpath (mvn package)");
    }
    Config derived =
        ConfigFactory.parseMap(
            Map.of(
                "pekko.persistence.cassandra.journal.keyspace",
                keyspace,
                "pekko.persistence.cassandra.snapshot.keyspace",
                keyspace,
                DRIVER + ".basic.contact-points",
                List.of(contactPoint),
                DRIVER + ".basic.load-balancing-policy.local-datacenter",
                "datacenter1"));
    Config config =
        derived
            .withFallback(ConfigFactory.parseString(BENCH_SYSTEM))
            .withFallback(node)
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return new NodeJournalSettings(config, keyspace);
  }

  /** For the persist loop's actor system. */
  public Config actorSystemConfig() {
    return config;
  }

  /** For a plain driver session configured like the node's (timeouts, pools, protocol). */
  public DriverConfigLoader driverConfig() {
    return DriverConfigLoader.fromString(
        config.getConfig(DRIVER).atPath(DRIVER).root().render(ConfigRenderOptions.concise()));
  }

  public String keyspace() {
    return keyspace;
  }
}
