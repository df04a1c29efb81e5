package dev.starling.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.testing.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A real Starling node for end-to-end tests: real Cassandra, real HTTP on a free port, its own
 * keyspace. {@link #restart()} stops the node and starts a new one on the same keyspace, as an
 * operator restarting the process would.
 */
public final class NodeFixture implements AutoCloseable {
  private final String keyspace;
  private final String firstTimeBucket;
  private final Map<String, Object> extra;
  private final Path searchIndexDir;
  private final boolean pinNodeId;
  private final List<Path> otherIndexDirs = new ArrayList<>();
  private final Path mediaDir;
  private StarlingNode node;

  /** Settings that turn the event stream and its consumers on, for the classes that test them. */
  public static final Map<String, Object> EVENT_STREAM =
      Map.of(
          "starling.kafka.publish", true,
          "starling.search.consume", true,
          "starling.trends.consume", true);

  /** The admin token {@link #ADMIN} sets. */
  public static final String ADMIN_TOKEN = "test-admin";

  /** Settings that open the admin interface on a free port, for {@link #admin()}. */
  public static final Map<String, Object> ADMIN =
      Map.of("starling.admin.token", ADMIN_TOKEN, "starling.admin.port", 0);

  /** {@link #EVENT_STREAM} with {@code extra} on top. */
  public static Map<String, Object> withEventStream(Map<String, Object> extra) {
    var settings = new HashMap<String, Object>(EVENT_STREAM);
    settings.putAll(extra);
    return settings;
  }

  public NodeFixture(Class<?> testClass) {
    this(testClass, Map.of());
  }

  public NodeFixture(Class<?> testClass, Map<String, Object> extra) {
    this(testClass, extra, true);
  }

  /**
   * @param pinNodeId false: the node takes its Snowflake node id from the cluster's allocator, as
   *     every node of a real cluster does, instead of the fixed id that spares a one-node test the
   *     wait for it
   */
  public NodeFixture(Class<?> testClass, Map<String, Object> extra, boolean pinNodeId) {
    this.keyspace = RealServers.uniqueName(testClass);
    this.firstTimeBucket = FirstTimeBucket.before(Instant.now());
    this.extra = extra;
    this.pinNodeId = pinNodeId;
    try {
      this.searchIndexDir = Files.createTempDirectory(keyspace + "-search");
      this.mediaDir = Files.createTempDirectory(keyspace + "-media");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.node = StarlingNode.start(config());
  }

  private Config config() {
    return ConfigFactory.parseMap(settings());
  }

  /**
   * Every setting this fixture starts its node with, for a node started another way (a process of
   * its own) on the same keyspace, topics and servers.
   */
  public Map<String, Object> settings() {
    var settings = new HashMap<String, Object>();
    settings.put("starling.cassandra.keyspace", keyspace);
    settings.put("starling.cassandra.contact-point", RealServers.cassandraContactPoint());
    settings.put("starling.kafka.bootstrap-servers", RealServers.kafkaBootstrapServers());
    settings.put("starling.kafka.topic-prefix", keyspace);
    // every test drives its node from one address; RateLimitTest turns limits on
    settings.put("starling.rate-limits.enabled", false);
    // the event stream and its consumers (16 publisher projections, the search and trends
    // consumers) run only in the classes that test them (EVENT_STREAM): on a 2-core CI machine
    // every node's share of the CPU counts
    settings.put("starling.kafka.publish", false);
    settings.put("starling.search.consume", false);
    settings.put("starling.trends.consume", false);
    // kept across restart(), as an operator's restarted process keeps its data folder
    settings.put("starling.search.index-dir", searchIndexDir.toString());
    settings.put("starling.media.dir", mediaDir.toString());
    settings.put("starling.http.port", 0);
    settings.put("pekko.remote.artery.canonical.port", 0);
    if (pinNodeId) {
      settings.put("starling.node-id", 1);
    }
    // cheap hashes: every test signs users up and logs them in, and argon2 at full cost would
    // dominate the run (PasswordsTest covers the production cost)
    settings.put("starling.accounts.password-hashing.memory-kib", 256);
    settings.put("starling.accounts.password-hashing.iterations", 1);
    // tests sign up bursts of users (HotSpotBurstTest: 120 at once) with these cheap hashes;
    // SignUpBurstTest narrows the queue again to see it overflow
    settings.put("starling.accounts.password-hashing.queue", 1000);
    // the keyspace is new: its event streams start at the hour before the fixture, not at the
    // configured day, which would cost every node start a query per hour bucket since that day
    settings.put(FirstTimeBucket.SETTING, firstTimeBucket);
    // tests assert exact timelines; popular tweets topping up short ones are HybridFanOutTest's
    settings.put("starling.read-side.timelines.popular.nearly-empty", 0);
    settings.putAll(extra);
    return settings;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  /** The node's own keyspace, for tests that look at what is stored. */
  public String keyspace() {
    return keyspace;
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  public void restart() {
    restart(() -> {});
  }

  /** Restarts, running {@code whileStopped} (say, a look at what was stored) in between. */
  public void restart(Runnable whileStopped) {
    node.stop();
    whileStopped.run();
    node = StarlingNode.start(config());
  }

  /** Restarts on the same keyspace with some settings changed, as an operator's redeploy would. */
  public void restart(Map<String, Object> changed) {
    node.stop();
    node = StarlingNode.start(ConfigFactory.parseMap(changed).withFallback(config()));
  }

  public StarlingNode node() {
    return node;
  }

  /** A client of the admin interface (started with {@link #ADMIN}). */
  public ApiClient admin() {
    return new ApiClient("http://127.0.0.1:" + node.adminPort().orElseThrow());
  }

  /**
   * Waits until every instance of every projection whose name starts with {@code namePrefix} has no
   * event left to apply (the node started with {@link #ADMIN}): the positive marker that whatever
   * the events so far would write is there, so an absence can be asserted without sleeping out a
   * freshness bound.
   */
  public void awaitProjectionsCaughtUp(String namePrefix) {
    var admin = admin();
    Eventually.within(
        Eventually.BOUND,
        () -> {
          var listed = admin.get("/admin/projections", ADMIN_TOKEN);
          if (listed.status() != 200) {
            throw new AssertionError("admin projections: " + listed.raw().body());
          }
          var lags = new ArrayList<Long>();
          for (var projection : listed.json().get("projections")) {
            if (projection.get("name").asText().startsWith(namePrefix)) {
              projection.get("instances").forEach(i -> lags.add(i.get("lag_events").asLong()));
            }
          }
          return lags;
        },
        lags -> !lags.isEmpty() && lags.stream().allMatch(lag -> lag == 0));
  }

  /**
   * Another node on this fixture's keyspace that joins this node's cluster, with {@code changed}
   * settings on top of this fixture's; the caller stops it.
   */
  public StarlingNode startAnotherNode(Map<String, Object> changed) {
    var seed = Cluster.get(node.system()).selfMember().address().toString();
    Path ownIndex;
    try {
      // each node keeps a search index of its own (Lucene locks its folder)
      ownIndex = Files.createTempDirectory(keyspace + "-search");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    otherIndexDirs.add(ownIndex);
    return StarlingNode.start(
        ConfigFactory.parseMap(changed)
            .withFallback(
                ConfigFactory.parseMap(
                    Map.of(
                        "starling.cluster.seed-nodes",
                        seed,
                        "starling.search.index-dir",
                        ownIndex.toString())))
            .withFallback(config()));
  }

  /** Waits until this fixture's node sees {@code count} cluster members, every one of them Up. */
  public void awaitMembersUp(int count, Duration bound) {
    Eventually.within(
        bound,
        () -> {
          var statuses = new ArrayList<MemberStatus>();
          Cluster.get(node.system()).state().getMembers().forEach(m -> statuses.add(m.status()));
          return statuses;
        },
        statuses ->
            statuses.size() == count && statuses.stream().allMatch(MemberStatus.up()::equals));
  }

  /** Stops the node and removes what it stored: its keyspace, its topics, its search index. */
  @Override
  public void close() {
    node.stop();
    deleteFolder(searchIndexDir);
    otherIndexDirs.forEach(NodeFixture::deleteFolder);
    deleteFolder(mediaDir);
    StoredRows.dropKeyspace(keyspace);
    if (!extra.containsKey("starling.kafka.bootstrap-servers")) {
      deleteTopics(keyspace + ".");
    }
  }

  /** The node's local media store folder. */
  public Path mediaDir() {
    return mediaDir;
  }

  private static void deleteTopics(String prefix) {
    try (var admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
      var ours =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(topic -> topic.startsWith(prefix))
              .toList();
      if (!ours.isEmpty()) {
        admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not delete the topics " + prefix + "*", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void deleteFolder(Path folder) {
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
