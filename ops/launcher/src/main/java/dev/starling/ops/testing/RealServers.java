package dev.starling.ops.testing;

import dev.starling.ops.servers.CassandraServer;
import dev.starling.ops.servers.KafkaServer;
import dev.starling.ops.servers.LocalServers;
import dev.starling.ops.servers.Ports;
import dev.starling.ops.servers.Profile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the test JVM's Cassandra and Kafka listen, once {@link RealServersExtension} (or {@link
 * #startUnlessRunning()}) has made sure they run. Ports come from system properties, so a run can
 * be pointed at other servers: {@code starling.test.cassandra.port} (9042), {@code
 * starling.test.cassandra.storage-port} (7000), {@code starling.test.cassandra.jmx-port} (7199),
 * {@code starling.test.kafka.port} (19092), {@code starling.test.kafka.controller-port} (19093).
 */
public final class RealServers {
  static final String HOST = "127.0.0.1";
  private static final Logger log = LoggerFactory.getLogger(RealServers.class);
  private static final Path SERVERS_DIR = Path.of("target", "test-servers");

  private static final int MAX_NAME_LENGTH = 48;
  private static final String PREFIX = "t_";
  private static final int SUFFIX_LENGTH = 6;
  private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private RealServers() {}

  /** {@code host:port} of the CQL port, e.g. {@code 127.0.0.1:9042}. */
  public static String cassandraContactPoint() {
    return HOST + ":" + cassandraPort();
  }

  public static int cassandraPort() {
    return Integer.getInteger("starling.test.cassandra.port", CassandraServer.DEFAULT_CQL_PORT);
  }

  /** e.g. {@code 127.0.0.1:19092}. */
  public static String kafkaBootstrapServers() {
    return HOST + ":" + kafkaPort();
  }

  /**
   * Starts a Cassandra and a Kafka on the configured ports, each unless one already listens there
   * (then it is used as it is), with the {@link Profile#TEST} profile on a fresh folder under
   * {@code target/test-servers/} of the working directory. Closing the result stops what was
   * started ({@link RealServersExtension} does that when the Jupiter tests are done); what is never
   * closed is stopped when the JVM exits. Test engines without Jupiter extensions (jqwik) call this
   * themselves.
   */
  public static LocalServers startUnlessRunning() {
    return LocalServers.startInParallel(
        RealServers::startCassandraUnlessRunning, RealServers::startKafkaUnlessRunning);
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

  /**
   * A name no other test run uses, valid both as a Cassandra keyspace and as a Kafka topic: {@code
   * t_<simple class name, lower case>_<6 random [a-z0-9]>}, at most 48 characters. Runs share the
   * servers; these names keep them from seeing each other's data.
   */
  public static String uniqueName(Class<?> testClass) {
    String className =
        testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    int room = MAX_NAME_LENGTH - PREFIX.length() - 1 - SUFFIX_LENGTH;
    if (className.length() > room) {
      className = className.substring(0, room);
    }
    return PREFIX + className + "_" + randomSuffix();
  }

  static int cassandraStoragePort() {
    return Integer.getInteger(
        "starling.test.cassandra.storage-port", CassandraServer.DEFAULT_STORAGE_PORT);
  }

  static int cassandraJmxPort() {
    return Integer.getInteger("starling.test.cassandra.jmx-port", CassandraServer.DEFAULT_JMX_PORT);
  }

  static int kafkaPort() {
    return Integer.getInteger("starling.test.kafka.port", KafkaServer.DEFAULT_PORT);
  }

  static int kafkaControllerPort() {
    return Integer.getInteger(
        "starling.test.kafka.controller-port", KafkaServer.DEFAULT_CONTROLLER_PORT);
  }

  private static String randomSuffix() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
