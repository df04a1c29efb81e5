package dev.starling.ops.testing;

import dev.starling.ops.servers.CassandraServer;
import dev.starling.ops.servers.KafkaServer;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the test JVM's Cassandra and Kafka listen, once {@link RealServersExtension} has made sure
 * they run. Ports come from system properties, so a run can be pointed at other servers: {@code
 * starling.test.cassandra.port} (9042), {@code starling.test.cassandra.storage-port} (7000), {@code
 * starling.test.cassandra.jmx-port} (7199), {@code starling.test.kafka.port} (19092), {@code
 * starling.test.kafka.controller-port} (19093).
 */
public final class RealServers {
  static final String HOST = "127.0.0.1";

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
