package dev.starling.read.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * An actor system that is a one-node cluster, as sharded read-side entities (the edge writers)
 * need. {@code overrides} take precedence over the test defaults.
 */
public final class OneNodeCluster {
  private OneNodeCluster() {}

  public static ActorTestKit start(String name, Config overrides) {
    Config config =
        overrides
            .withFallback(
                ConfigFactory.parseString(
                    """
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical.hostname = "127.0.0.1"
                    pekko.remote.artery.canonical.port = 0
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    pekko.loglevel = WARNING
                    """))
            .withFallback(ConfigFactory.load());
    var testKit = ActorTestKit.create(name, config);
    var cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        testKit.shutdownTestKit();
        throw new IllegalStateException("the test node did not join itself");
      }
      sleep();
    }
    return testKit;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
