package dev.starling.read.testing;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.testing.RealServers;
import dev.starling.read.projection.ReadSide;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * A whole read side (schema, edge writers, queries and updaters, no projections) on the test JVM's
 * real Cassandra, in a keyspace of the test class's own, which {@link #close} drops.
 */
public final class ReadSideFixture implements AutoCloseable {
  private final ActorTestKit testKit;
  private final ReadSide readSide;
  private final Path searchIndexDir;

  public ReadSideFixture(Class<?> testClass, Map<String, Object> settings) {
    String keyspace = RealServers.uniqueName(testClass);
    var overrides = new HashMap<String, Object>(settings);
    overrides.put("starling.cassandra.keyspace", keyspace);
    overrides.put(
        "datastax-java-driver.basic.contact-points", List.of(RealServers.cassandraContactPoint()));
    overrides.put(
        "datastax-java-driver.basic.load-balancing-policy.local-datacenter", "datacenter1");
    overrides.put("datastax-java-driver.advanced.metadata.schema.enabled", false);
    searchIndexDir = temporaryFolder(keyspace);
    overrides.putIfAbsent("starling.search.index-dir", searchIndexDir.toString());
    testKit = OneNodeCluster.start(keyspace, ConfigFactory.parseMap(overrides));
    readSide = ReadSide.create(testKit.system());
  }

  private static Path temporaryFolder(String name) {
    try {
      return Files.createTempDirectory(name + "-search");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ReadSideFixture(Class<?> testClass) {
    this(testClass, Map.of());
  }

  public ReadSide readSide() {
    return readSide;
  }

  /** The node's actor system, for handlers that ask entities. */
  public org.apache.pekko.actor.typed.ActorSystem<Void> system() {
    return testKit.system();
  }

  /** Statements the read side has sent so far. */
  public long statementsSent() {
    return readSide.cql().statementsSent();
  }

  @Override
  public void close() {
    readSide
        .cql()
        .session()
        .execute(
            SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + readSide.cql().keyspace())
                .setTimeout(Duration.ofSeconds(30)));
    testKit.shutdownTestKit();
    try (var paths = Files.walk(searchIndexDir)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
