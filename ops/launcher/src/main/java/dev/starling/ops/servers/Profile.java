package dev.starling.ops.servers;

import java.util.List;

/**
 * How the server JVMs are tuned.
 *
 * <p>{@link #TEST} starts fast and stays small. It is for tests only: C1-only JIT cuts Cassandra's
 * throughput 1.3–2.6× and SerialGC on 512 MB paused ~210 ms under load. {@link #DEV} (full JIT, G1,
 * a fixed heap) is for the dev stack and benchmarks. Cassandra's test heap is 768 MB: a test JVM
 * keeps one Cassandra for all its classes, each with a keyspace of ~30 tables, and at 512 MB a late
 * class in cluster-config's run saw Cassandra die under it (test classes now drop their keyspaces
 * too).
 */
public enum Profile {
  TEST(
      List.of("-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"),
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
  DEV(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), List.of("-Xmx512m", "-XX:+UseG1GC"));

  private final List<String> cassandraJvmOptions;
  private final List<String> kafkaJvmOptions;

  Profile(List<String> cassandraJvmOptions, List<String> kafkaJvmOptions) {
    this.cassandraJvmOptions = cassandraJvmOptions;
    this.kafkaJvmOptions = kafkaJvmOptions;
  }

  List<String> cassandraJvmOptions() {
    return cassandraJvmOptions;
  }

  List<String> kafkaJvmOptions() {
    return kafkaJvmOptions;
  }
}
