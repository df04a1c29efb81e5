package dev.starling.ops.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Cassandra 5.0 on loopback, running in a child JVM. Its data folder holds everything
 * (configuration, data, {@code cassandra.log}, {@code cassandra.pid}); starting again on the same
 * folder keeps the data.
 */
public final class CassandraServer implements AutoCloseable {
  public static final int DEFAULT_CQL_PORT = 9042;
  public static final int DEFAULT_STORAGE_PORT = 7000;
  public static final int DEFAULT_JMX_PORT = 7199;

  private static final Logger log = LoggerFactory.getLogger(CassandraServer.class);
  private static final String NAME = "cassandra";
  private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
  private static final String READY_LOG_LINE = "Starting listening for CQL clients";

  private final Settings settings;
  private final ChildJvm jvm;

  /**
   * @param dataDir the folder for everything this Cassandra writes; made absolute
   */
  public record Settings(
      Path dataDir, String host, int cqlPort, int storagePort, int jmxPort, Profile profile) {
    public Settings {
      dataDir = dataDir.toAbsolutePath().normalize();
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(profile, "profile");
    }

    /** Loopback and the default ports: 9042 (CQL), 7000 (storage), 7199 (JMX). */
    public static Settings defaults(Path dataDir, Profile profile) {
      return new Settings(
          dataDir, "127.0.0.1", DEFAULT_CQL_PORT, DEFAULT_STORAGE_PORT, DEFAULT_JMX_PORT, profile);
    }
  }

  private CassandraServer(Settings settings, ChildJvm jvm) {
    this.settings = settings;
    this.jvm = jvm;
  }

  /**
   * Starts Cassandra and returns once it serves CQL clients. A Cassandra that a killed launcher
   * left running on the same data folder is stopped first.
   *
   * @throws IllegalStateException if a port is taken, or Cassandra exits or is not ready within 120
   *     s; the message ends with the last lines of its log
   */
  public static CassandraServer start(Settings settings) {
    long started = System.nanoTime();
    DataFolders.create(settings.dataDir());
    ChildJvm.stopLeftover(NAME, settings.dataDir());
    Ports.requireFree(
        "Cassandra",
        settings.host(),
        settings.cqlPort(),
        settings.storagePort(),
        settings.jmxPort());
    writeConfiguration(settings);
    ChildJvm jvm =
        ChildJvm.launch(
            NAME,
            settings.dataDir(),
            jvmOptions(settings),
            MAIN_CLASS,
            List.of(),
            new ChildJvm.ReadyWhen(READY_LOG_LINE, settings.host(), settings.cqlPort()));
    log.info(
        "Cassandra ready on {}:{} in {} ms ({} profile, data {})",
        settings.host(),
        settings.cqlPort(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        settings.profile(),
        settings.dataDir());
    return new CassandraServer(settings, jvm);
  }

  /** Deletes a data folder, first stopping a Cassandra left running on it. */
  public static void deleteData(Path dataDir) {
    Path folder = dataDir.toAbsolutePath().normalize();
    if (Files.exists(folder)) {
      ChildJvm.stopLeftover(NAME, folder);
      DataFolders.delete(folder);
    }
  }

  public String host() {
    return settings.host();
  }

  public int cqlPort() {
    return settings.cqlPort();
  }

  /** {@code host:port}, as drivers take a contact point. */
  public String contactPoint() {
    return settings.host() + ":" + settings.cqlPort();
  }

  public Settings settings() {
    return settings;
  }

  public long pid() {
    return jvm.pid();
  }

  public Path logFile() {
    return jvm.logFile();
  }

  /**
   * Stops Cassandra cleanly (it flushes and drains on SIGTERM); kills it if that takes over 30 s.
   */
  @Override
  public void close() {
    jvm.close();
  }

  private static void writeConfiguration(Settings settings) {
    Path dataDir = settings.dataDir();
    DataFolders.write(
        dataDir.resolve("cassandra.yaml"),
        Templates.render(
            "cassandra.yaml",
            Map.of(
                "dataDir", dataDir.toString(),
                "host", settings.host(),
                "cqlPort", Integer.toString(settings.cqlPort()),
                "storagePort", Integer.toString(settings.storagePort()))));
    DataFolders.write(dataDir.resolve("logback.xml"), Templates.read("cassandra-logback.xml"));
  }

  private static List<String> jvmOptions(Settings settings) {
    Path dataDir = settings.dataDir();
    List<String> options =
        new ArrayList<>(
            Templates.read("cassandra-jvm17.options")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .flatMap(line -> List.of(line.split("\\s+")).stream())
                .toList());
    options.addAll(settings.profile().cassandraJvmOptions());
    options.addAll(
        List.of(
            "-Dcassandra.config=" + dataDir.resolve("cassandra.yaml").toUri(),
            "-Dcassandra-foreground=yes",
            "-Dcassandra.storagedir=" + dataDir,
            "-Dcassandra.jmx.local.port=" + settings.jmxPort(),
            "-Dlogback.configurationFile=" + dataDir.resolve("logback.xml"),
            // Cassandra may corrupt data if it runs on after an OutOfMemoryError.
            "-XX:+ExitOnOutOfMemoryError",
            // A single node has no peers to hear from: don't wait for the ring or gossip to settle.
            "-Dcassandra.ring_delay_ms=1000",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            // Otherwise measured at every start by building 100,000 rows: 4 s of a 10 s start-up.
            // 180 bytes is what that measurement gives on this JVM.
            "-Dcassandra.memtable.row_overhead_size=180"));
    return options;
  }
}
