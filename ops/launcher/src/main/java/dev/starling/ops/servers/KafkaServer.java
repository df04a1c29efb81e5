package dev.starling.ops.servers;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 4 (KRaft: broker and controller in one process) on loopback, running in a
 * child JVM. Its data folder holds everything ({@code server.properties}, the log segments under
 * {@code logs/}, {@code kafka.log}, {@code kafka.pid}); starting again on the same folder keeps the
 * topics.
 */
public final class KafkaServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 19092;
  public static final int DEFAULT_CONTROLLER_PORT = 19093;

  private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);
  private static final String NAME = "kafka";
  private static final String MAIN_CLASS = "kafka.Kafka";
  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  private static final String READY_LOG_LINE = "Kafka Server started";
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> COMMON_JVM_OPTIONS =
      List.of(
          "-Djava.awt.headless=true",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");

  /** The storage tool runs for a second or two: start-up time is all that matters. */
  private static final List<String> STORAGE_TOOL_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Settings settings;
  private final ChildJvm jvm;

  /**
   * @param dataDir the folder for everything this Kafka writes; made absolute
   */
  public record Settings(Path dataDir, String host, int port, int controllerPort, Profile profile) {
    public Settings {
      dataDir = dataDir.toAbsolutePath().normalize();
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(profile, "profile");
    }

    /** Loopback and the default ports: 19092 (clients), 19093 (controller). */
    public static Settings defaults(Path dataDir, Profile profile) {
      return new Settings(dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, profile);
    }
  }

  private KafkaServer(Settings settings, ChildJvm jvm) {
    this.settings = settings;
    this.jvm = jvm;
  }

  /**
   * Starts Kafka and returns once it serves clients; formats the storage first on an empty folder.
   * A Kafka that a killed launcher left running on the same data folder is stopped first.
   *
   * @throws IllegalStateException if a port is taken, or Kafka exits or is not ready within 120 s;
   *     the message ends with the last lines of its log
   */
  public static KafkaServer start(Settings settings) {
    long started = System.nanoTime();
    DataFolders.create(settings.dataDir());
    ChildJvm.stopLeftover(NAME, settings.dataDir());
    Ports.requireFree("Kafka", settings.host(), settings.port(), settings.controllerPort());
    Path configuration = writeConfiguration(settings);
    if (!Files.exists(logDir(settings).resolve("meta.properties"))) {
      formatStorage(settings, configuration);
    }
    ChildJvm jvm =
        ChildJvm.launch(
            NAME,
            settings.dataDir(),
            jvmOptions(settings.profile().kafkaJvmOptions()),
            MAIN_CLASS,
            List.of(configuration.toString()),
            new ChildJvm.ReadyWhen(READY_LOG_LINE, settings.host(), settings.port()));
    log.info(
        "Kafka ready on {} in {} ms ({} profile, data {})",
        bootstrapServers(settings),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        settings.profile(),
        settings.dataDir());
    return new KafkaServer(settings, jvm);
  }

  /** Deletes a data folder, first stopping a Kafka left running on it. */
  public static void deleteData(Path dataDir) {
    Path folder = dataDir.toAbsolutePath().normalize();
    if (Files.exists(folder)) {
      ChildJvm.stopLeftover(NAME, folder);
      DataFolders.delete(folder);
    }
  }

  /** {@code host:port}, as Kafka clients take it. */
  public String bootstrapServers() {
    return bootstrapServers(settings);
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

  /** Stops Kafka cleanly (SIGTERM); kills it if that takes over 30 s. */
  @Override
  public void close() {
    jvm.close();
  }

  private static Path writeConfiguration(Settings settings) {
    Path configuration = settings.dataDir().resolve("server.properties");
    DataFolders.write(
        configuration,
        Templates.render(
            "kafka-server.properties",
            Map.of(
                "host", settings.host(),
                "port", Integer.toString(settings.port()),
                "controllerPort", Integer.toString(settings.controllerPort()),
                "logDir", logDir(settings).toString())));
    return configuration;
  }

  private static void formatStorage(Settings settings, Path configuration) {
    ChildJvm.runTool(
        NAME,
        settings.dataDir(),
        jvmOptions(STORAGE_TOOL_JVM_OPTIONS),
        STORAGE_TOOL,
        List.of("format", "--standalone", "-t", randomClusterId(), "-c", configuration.toString()),
        FORMAT_TIMEOUT);
  }

  /**
   * The format Kafka's {@code Uuid.randomUuid()} produces: 16 random bytes, base64url without
   * padding. Kafka's class is not on this classpath, by design. A leading '-' would read as an
   * option on the command line, so such ids are drawn again, as Kafka does.
   */
  static String randomClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      byte[] bytes =
          ByteBuffer.allocate(16)
              .putLong(uuid.getMostSignificantBits())
              .putLong(uuid.getLeastSignificantBits())
              .array();
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  private static List<String> jvmOptions(List<String> profileOptions) {
    List<String> options = new ArrayList<>(profileOptions);
    options.addAll(COMMON_JVM_OPTIONS);
    return options;
  }

  private static Path logDir(Settings settings) {
    return settings.dataDir().resolve("logs");
  }

  private static String bootstrapServers(Settings settings) {
    return settings.host() + ":" + settings.port();
  }
}
