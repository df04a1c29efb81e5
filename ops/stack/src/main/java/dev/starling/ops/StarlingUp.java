package dev.starling.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.starling.node.FirstTimeBucket;
import dev.starling.node.StarlingNode;
import dev.starling.ops.servers.CassandraServer;
import dev.starling.ops.servers.KafkaServer;
import dev.starling.ops.servers.LocalServers;
import dev.starling.ops.servers.NodeProcess;
import dev.starling.ops.servers.Profile;
import dev.starling.ops.servers.ServerShutdown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole stack on this machine: Cassandra, Kafka and one Starling node, each tuned for speed
 * rather than start-up time. What {@code ops/starling up} runs; Ctrl-C stops it all, the node
 * first.
 *
 * <p>Environment: {@code STARLING_DATA_DIR} (./.starling), {@code STARLING_HTTP_PORT} (8080),
 * {@code STARLING_CASSANDRA_PORT} (9042), {@code STARLING_CASSANDRA_STORAGE_PORT} (7000), {@code
 * STARLING_CASSANDRA_JMX_PORT} (7199), {@code STARLING_KAFKA_PORT} (19092), {@code
 * STARLING_KAFKA_CONTROLLER_PORT} (19093), {@code STARLING_SEARCH_INDEX_DIR} (the data folder's
 * {@code search}), {@code STARLING_ADMIN_TOKEN} (made once into the data folder's {@code
 * admin-token}), {@code STARLING_FIRST_TIME_BUCKET} (the hour before the folder's first start, kept
 * in its {@code first-time-bucket}).
 */
public final class StarlingUp {
  private static final String HOST = "127.0.0.1";
  static final String ADMIN_TOKEN_FILE = "admin-token";
  static final String FIRST_TIME_BUCKET_FILE = "first-time-bucket";

  private StarlingUp() {}

  public static void main(String[] args) throws InterruptedException {
    UpOptions options;
    try {
      options = UpOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(UpOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(UpOptions.USAGE);
      return;
    }
    long started = System.nanoTime();
    Path dataDir = Path.of(env("STARLING_DATA_DIR", ".starling")).toAbsolutePath().normalize();
    // before Cassandra makes its folder: a folder without one holds no journal yet
    Optional<String> firstTimeBucket =
        firstTimeBucket(dataDir, !Files.exists(dataDir.resolve("cassandra")));
    CassandraServer.Settings cassandraSettings =
        new CassandraServer.Settings(
            dataDir.resolve("cassandra"),
            HOST,
            intEnv("STARLING_CASSANDRA_PORT", CassandraServer.DEFAULT_CQL_PORT),
            intEnv("STARLING_CASSANDRA_STORAGE_PORT", CassandraServer.DEFAULT_STORAGE_PORT),
            intEnv("STARLING_CASSANDRA_JMX_PORT", CassandraServer.DEFAULT_JMX_PORT),
            Profile.DEV);
    KafkaServer.Settings kafkaSettings =
        new KafkaServer.Settings(
            dataDir.resolve("kafka"),
            HOST,
            intEnv("STARLING_KAFKA_PORT", KafkaServer.DEFAULT_PORT),
            intEnv("STARLING_KAFKA_CONTROLLER_PORT", KafkaServer.DEFAULT_CONTROLLER_PORT),
            Profile.DEV);
    int httpPort = intEnv("STARLING_HTTP_PORT", 8080);
    int remotePort = intEnv("STARLING_REMOTE_PORT", 25520);
    int adminPort = intEnv("STARLING_ADMIN_PORT", 8090);

    System.out.println("Starting Cassandra and Kafka (data in " + dataDir + ") ...");
    LocalServers servers;
    StarlingNode node;
    List<NodeProcess> others = new ArrayList<>();
    try {
      servers =
          LocalServers.startInParallel(
              () -> CassandraServer.start(cassandraSettings),
              () -> KafkaServer.start(kafkaSettings));
      System.out.println(
          "Cassandra  CQL on "
              + servers.cassandra().contactPoint()
              + "  (log "
              + servers.cassandra().logFile()
              + ")");
      System.out.println(
          "Kafka      on "
              + servers.kafka().bootstrapServers()
              + "  (log "
              + servers.kafka().logFile()
              + ")");
      System.out.println(
          options.nodes() == 1 ? "Starting the Starling node ..." : "Starting Starling node 1 ...");
      node =
          StarlingNode.start(
              ConfigFactory.parseMap(
                      Map.of(
                          "pekko.remote.artery.canonical.port",
                          remotePort,
                          "starling.cluster.roles",
                          options.roles(1)))
                  .withFallback(
                      nodeConfig(
                          servers,
                          httpPort,
                          searchIndexDir(dataDir),
                          mediaDir(dataDir),
                          adminToken(dataDir),
                          firstTimeBucket)));
      for (int i = 2; i <= options.nodes(); i++) {
        System.out.println("Starting Starling node " + i + " ...");
        String seed = "pekko://starling@" + HOST + ":" + remotePort;
        var settings = new HashMap<String, Object>();
        settings.put("starling.cassandra.contact-point", servers.cassandra().contactPoint());
        settings.put("starling.kafka.bootstrap-servers", servers.kafka().bootstrapServers());
        settings.put("starling.http.port", httpPort + i - 1);
        settings.put("pekko.remote.artery.canonical.port", remotePort + i - 1);
        settings.put("starling.admin.port", adminPort + i - 1);
        settings.put("starling.admin.token", adminToken(dataDir));
        settings.put("starling.cluster.seed-nodes", seed);
        settings.put("starling.cluster.roles", options.roles(i));
        // each node keeps a search index of its own (Lucene locks its folder); media are shared
        settings.put(
            "starling.search.index-dir",
            searchIndexDir(dataDir).resolveSibling("search-node-" + i));
        settings.put("starling.media.dir", mediaDir(dataDir).toString());
        firstTimeBucket.ifPresent(bucket -> settings.put(FirstTimeBucket.SETTING, bucket));
        var process =
            NodeProcess.start(
                "node-" + i,
                dataDir,
                System.getProperty("java.class.path"),
                env("STARLING_NODE_HEAP", "1g"),
                settings);
        others.add(process);
        System.out.println(
            "Node "
                + i
                + "     roles "
                + options.roles(i)
                + (options.roles(i).contains("api")
                    ? ", http://" + HOST + ":" + (httpPort + i - 1)
                    : ", no API")
                + ", admin :"
                + (adminPort + i - 1)
                + "  (log "
                + process.logFile()
                + ")");
      }
    } catch (RuntimeException e) {
      System.err.println("Starling did not start: " + e.getMessage());
      // Exiting runs the launcher's hook, which stops whichever server did start.
      System.exit(1);
      return;
    }
    ServerShutdown.onJvmExitFirst(() -> stop(others, node, servers));

    System.out.println("Started in " + seconds(System.nanoTime() - started));
    System.out.println(
        (options.roles(1).contains("api")
                ? "Starling is up on http://" + HOST + ":" + node.httpPort()
                : "Starling is up (node 1 has no API)")
            + (options.nodes() > 1 ? ", " + options.nodes() + " nodes" : "")
            + "  (Ctrl-C stops it)");
    node.adminPort()
        .ifPresent(
            port ->
                System.out.println(
                    "Admin      on http://"
                        + HOST
                        + ":"
                        + port
                        + "/admin  (ops/starling projections, audit, shards; token in "
                        + dataDir.resolve(ADMIN_TOKEN_FILE)
                        + " unless STARLING_ADMIN_TOKEN is set)"));
    Thread.currentThread().join();
  }

  /** Overrides only: the node lays them over its own application.conf. */
  private static Config nodeConfig(
      LocalServers servers,
      int httpPort,
      Path searchIndexDir,
      Path mediaDir,
      String adminToken,
      Optional<String> firstTimeBucket) {
    var settings = new HashMap<String, Object>();
    settings.put("starling.cassandra.contact-point", servers.cassandra().contactPoint());
    settings.put("starling.kafka.bootstrap-servers", servers.kafka().bootstrapServers());
    settings.put("starling.http.port", httpPort);
    settings.put("starling.search.index-dir", searchIndexDir.toString());
    settings.put("starling.media.dir", mediaDir.toString());
    settings.put("starling.admin.token", adminToken);
    firstTimeBucket.ifPresent(bucket -> settings.put(FirstTimeBucket.SETTING, bucket));
    return ConfigFactory.parseMap(settings);
  }

  /**
   * Where the event streams of the data folder's journal start reading its tags: the hour before
   * the folder's first start, kept in the folder ({@code first-time-bucket}), so a new stack's
   * streams do not query every hour since the configured day. Empty (the node's configuration
   * decides) when STARLING_FIRST_TIME_BUCKET is set, or when the folder holds a journal from before
   * the file was kept.
   */
  static Optional<String> firstTimeBucket(Path dataDir, boolean noJournalYet) {
    if (!env("STARLING_FIRST_TIME_BUCKET", "").isBlank()) {
      return Optional.empty();
    }
    return kept(
        dataDir.resolve(FIRST_TIME_BUCKET_FILE),
        () -> noJournalYet ? Optional.of(FirstTimeBucket.before(Instant.now())) : Optional.empty(),
        false);
  }

  /**
   * STARLING_ADMIN_TOKEN if set; otherwise the token kept in the data folder (only its owner may
   * read it), made the first time from 32 random bytes. The CLI reads the same file.
   */
  static String adminToken(Path dataDir) {
    String given = env("STARLING_ADMIN_TOKEN", "");
    if (!given.isBlank()) {
      return given.strip();
    }
    return kept(
            dataDir.resolve(ADMIN_TOKEN_FILE),
            () -> {
              byte[] bytes = new byte[32];
              new SecureRandom().nextBytes(bytes);
              return Optional.of(HexFormat.of().formatHex(bytes));
            },
            true)
        .orElseThrow();
  }

  /**
   * A value kept in a file of the data folder: the file's, if it exists; otherwise the one {@code
   * made} answers, written to the file first (created readable by its owner only when {@code
   * secret}). Empty when there is no file and nothing was made.
   */
  private static Optional<String> kept(Path file, Supplier<Optional<String>> made, boolean secret) {
    try {
      if (Files.exists(file)) {
        return Optional.of(Files.readString(file).strip());
      }
      Optional<String> value = made.get();
      if (value.isPresent()) {
        Files.createDirectories(file.getParent());
        if (secret) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, value.get() + "\n");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep " + file, e);
    }
  }

  /** Media (local store) lives with the stack's other data unless STARLING_MEDIA_DIR says. */
  static Path mediaDir(Path dataDir) {
    return Path.of(env("STARLING_MEDIA_DIR", dataDir.resolve("media").toString()))
        .toAbsolutePath()
        .normalize();
  }

  /** The search index lives with the stack's other data unless STARLING_SEARCH_INDEX_DIR says. */
  static Path searchIndexDir(Path dataDir) {
    return Path.of(env("STARLING_SEARCH_INDEX_DIR", dataDir.resolve("search").toString()))
        .toAbsolutePath()
        .normalize();
  }

  /** The nodes first: they still write to Cassandra and Kafka while they shut down. */
  private static void stop(List<NodeProcess> others, StarlingNode node, LocalServers servers) {
    if (!others.isEmpty()) {
      step(
          "Stopping Starling nodes 2.." + (others.size() + 1),
          () -> others.parallelStream().forEach(NodeProcess::close));
    }
    step(others.isEmpty() ? "Stopping the Starling node" : "Stopping Starling node 1", node::stop);
    step("Stopping Kafka", servers.kafka()::close);
    step("Stopping Cassandra", servers.cassandra()::close);
    System.out.println("Starling is down.");
  }

  private static void step(String description, Runnable action) {
    System.out.println(description + " ...");
    long started = System.nanoTime();
    action.run();
    System.out.println(description + ": done in " + seconds(System.nanoTime() - started));
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static int intEnv(String name, int fallback) {
    String value = env(name, Integer.toString(fallback));
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
    }
  }
}
