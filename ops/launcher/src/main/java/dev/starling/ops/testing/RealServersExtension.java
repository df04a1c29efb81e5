package dev.starling.ops.testing;

import dev.starling.ops.servers.CassandraServer;
import dev.starling.ops.servers.KafkaServer;
import dev.starling.ops.servers.LocalServers;
import dev.starling.ops.servers.Ports;
import dev.starling.ops.servers.Profile;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a real Cassandra and a real Kafka run for the tests of a class; use with
 * {@code @ExtendWith(RealServersExtension.class)} and find them through {@link RealServers}.
 *
 * <p>One of each per test JVM, shared by all its test classes. A server already listening on its
 * port (the dev stack, a server from another module's run) is used as it is. Otherwise one is
 * started with the {@link Profile#TEST} profile on a fresh folder under {@code
 * target/test-servers/} of the working directory, and stopped once the JVM's tests are done.
 */
public final class RealServersExtension implements BeforeAllCallback {
  private static final Logger log = LoggerFactory.getLogger(RealServersExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealServersExtension.class);
  private static final Path SERVERS_DIR = Path.of("target", "test-servers");

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store outlives every test class and closes what it holds when the test run ends.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(LocalServers.class, key -> startUnlessRunning(), LocalServers.class);
  }

  private static LocalServers startUnlessRunning() {
    return LocalServers.startInParallel(
        RealServersExtension::startCassandraUnlessRunning,
        RealServersExtension::startKafkaUnlessRunning);
  }

  private static CassandraServer startCassandraUnlessRunning() {
    if (Ports.isListening(RealServers.HOST, RealServers.cassandraPort())) {
      log.info("Using the Cassandra already listening on {}", RealServers.cassandraContactPoint());
      return null;
    }
    // named by port: two runs on different ports in one module must not clean up each other
    Path dataDir = SERVERS_DIR.resolve("cassandra-" + RealServers.cassandraPort());
    CassandraServer.deleteData(dataDir);
    return CassandraServer.start(
        new CassandraServer.Settings(
            dataDir,
            RealServers.HOST,
            RealServers.cassandraPort(),
            RealServers.cassandraStoragePort(),
            RealServers.cassandraJmxPort(),
            Profile.TEST));
  }

  private static KafkaServer startKafkaUnlessRunning() {
    if (Ports.isListening(RealServers.HOST, RealServers.kafkaPort())) {
      log.info("Using the Kafka already listening on {}", RealServers.kafkaBootstrapServers());
      return null;
    }
    Path dataDir = SERVERS_DIR.resolve("kafka-" + RealServers.kafkaPort());
    KafkaServer.deleteData(dataDir);
    return KafkaServer.start(
        new KafkaServer.Settings(
            dataDir,
            RealServers.HOST,
            RealServers.kafkaPort(),
            RealServers.kafkaControllerPort(),
            Profile.TEST));
  }
}
