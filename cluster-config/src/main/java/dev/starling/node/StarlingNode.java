package dev.starling.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.starling.app.Audit;
import dev.starling.app.Shards;
import dev.starling.common.NodeIds;
import dev.starling.common.Snowflake;
import dev.starling.engagement.Engagement;
import dev.starling.http.StarlingApi;
import dev.starling.http.admin.AdminApi;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.media.Media;
import dev.starling.media.MediaObject;
import dev.starling.read.projection.ProjectionControl;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.stream.KafkaProbe;
import dev.starling.read.stream.Topics;
import dev.starling.read.tracing.Tracing;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.user.Handle;
import dev.starling.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Starling node: joins the cluster, creates the schema, starts the sharded entities and
 * the projections, and serves the HTTP API. {@link #start} returns once the API is bound.
 */
public final class StarlingNode {
  private static final Logger log = LoggerFactory.getLogger(StarlingNode.class);

  private final ActorSystem<Void> system;
  private final Optional<ServerBinding> binding;
  private final Optional<ServerBinding> admin;
  private final Optional<Integer> managementPort;
  private final int nodeId;

  private StarlingNode(
      ActorSystem<Void> system,
      Optional<ServerBinding> binding,
      Optional<ServerBinding> admin,
      Optional<Integer> managementPort,
      int nodeId) {
    this.system = system;
    this.binding = binding;
    this.admin = admin;
    this.managementPort = managementPort;
    this.nodeId = nodeId;
  }

  /**
   * Starts a node. {@code overrides} take precedence over application.conf and the environment;
   * they may be resolved or not.
   */
  public static StarlingNode start(Config overrides) {
    long started = System.nanoTime();
    Config config = configure(overrides);
    var management = new Management();
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "starling",
            ActorSystemSetup.create(BootstrapSetup.create(config))
                .and(management.readinessSetup()));
    try {
      // tracing's settings are checked, and its flush registered with the shutdown, before any span
      Tracing.get(system);
      Optional<Integer> managementPort = Management.start(system);
      joinCluster(system);
      ReadSide readSide = ReadSide.create(system);
      User.init(system);
      Handle.init(system);
      Tweet.init(system);
      Relationship.init(system);
      IdempotencyKey.init(system);
      Engagement.init(system);
      Media.init(system);
      MediaObject.init(system);
      readSide.startProjections(system);

      var readiness = new Readiness(system, readSide.cql(), kafkaProbe(system));
      management.readyWhen(readiness::check);
      Optional<ServerBinding> binding = Optional.empty();
      int nodeId = -1;
      if (NodeRoles.of(config).contains(NodeRoles.API)) {
        nodeId = nodeId(system);
        var api = new StarlingApi(system, readSide, new Snowflake(nodeId), readiness::check);
        startMediaBackground(system, api);
        binding = Optional.of(bindApi(system, api));
      }
      log.info(
          "Starling node {} (roles {}, keyspace {}) after {} ms",
          binding
              .map(
                  b ->
                      "serving http://"
                          + b.localAddress().getHostString()
                          + ":"
                          + b.localAddress().getPort())
              .orElse("running without the API"),
          NodeRoles.of(config),
          config.getString("starling.cassandra.keyspace"),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
      return new StarlingNode(system, binding, bindAdmin(system, readSide), managementPort, nodeId);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  private static ServerBinding bindApi(ActorSystem<?> system, StarlingApi api) {
    var http = system.settings().config().getConfig("starling.http");
    return Http.get(system)
        .newServerAt(http.getString("interface"), http.getInt("port"))
        .bind(api.route())
        .toCompletableFuture()
        .join()
        .addToCoordinatedShutdown(Duration.ofSeconds(10), system);
  }

  /**
   * Before the node takes requests: removes the upload spool files a crash left behind, then starts
   * the media sweeper, stopped (its sweep under way finished) when the node shuts down.
   */
  private static void startMediaBackground(ActorSystem<?> system, StarlingApi api) {
    var media = system.settings().config().getConfig("starling.media");
    int removed =
        api.uploadSpool().removeStale(media.getDuration("spool-stale-after"), Instant.now());
    if (removed > 0) {
      log.info("Removed {} upload spool files left behind by a stopped node", removed);
    }
    var sweeper = api.mediaSweeper();
    sweeper.start(system, media.getDuration("sweep-interval"));
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-media-sweeper", sweeper::stop);
  }

  /** The admin interface on its own port, if the node has an admin token. */
  private static Optional<ServerBinding> bindAdmin(ActorSystem<?> system, ReadSide readSide) {
    var admin = system.settings().config().getConfig("starling.admin");
    String token = admin.getString("token");
    if (token.isBlank()) {
      log.warn("Admin interface off: no admin token (STARLING_ADMIN_TOKEN)");
      return Optional.empty();
    }
    var api =
        new AdminApi(
            token,
            ProjectionControl.get(system),
            readSide.readModels(),
            new Audit(system),
            new Shards(system, admin.getDuration("shards-timeout")));
    ServerBinding binding =
        Http.get(system)
            .newServerAt(admin.getString("host"), admin.getInt("port"))
            .bind(api.route())
            .toCompletableFuture()
            .join()
            .addToCoordinatedShutdown(Duration.ofSeconds(5), system);
    log.info(
        "Admin interface on http://{}:{}/admin",
        binding.localAddress().getHostString(),
        binding.localAddress().getPort());
    return Optional.of(binding);
  }

  /**
   * Loads the node's configuration and derives the plugin settings that must agree with
   * starling.cassandra.* (keyspace, contact point), so a test or an operator sets each once.
   */
  static Config configure(Config overrides) {
    return configure(overrides, ConfigFactory.defaultApplication());
  }

  /**
   * As {@link #configure(Config)} with {@code application} in place of application.conf (or of the
   * file {@code -Dconfig.file} names), as the deployment manifests' configuration overlay is.
   */
  static Config configure(Config overrides, Config application) {
    Config base = ConfigFactory.load(overrides.withFallback(application));
    String keyspace = base.getString("starling.cassandra.keyspace");
    var roles = NodeRoles.of(base);
    var derived = new HashMap<String, Object>();
    derived.put("pekko.cluster.roles", List.copyOf(roles));
    if (!roles.contains(NodeRoles.API)) {
      // the search index and trends answer API queries: a node without the API keeps neither
      derived.put("starling.search.consume", false);
      derived.put("starling.trends.consume", false);
    }
    derived.putAll(
        Map.of(
            "pekko.persistence.cassandra.journal.keyspace", keyspace,
            "pekko.persistence.cassandra.snapshot.keyspace", keyspace,
            "pekko.projection.cassandra.offset-store.keyspace", keyspace,
            "datastax-java-driver.basic.contact-points",
                List.of(base.getString("starling.cassandra.contact-point")),
            "datastax-java-driver.basic.load-balancing-policy.local-datacenter",
                base.getString("starling.cassandra.local-datacenter")));
    return ConfigFactory.parseMap(derived).withFallback(base).resolve();
  }

  private static void joinCluster(ActorSystem<?> system) {
    var cluster = Cluster.get(system);
    String seeds = system.settings().config().getString("starling.cluster.seed-nodes").trim();
    if (seeds.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      cluster
          .manager()
          .tell(
              new JoinSeedNodes(
                  Arrays.stream(seeds.split(","))
                      .map(String::trim)
                      .map(AddressFromURIString::parse)
                      .toList()));
    }
  }

  /** Kafka is probed for readiness only where the node publishes to it. */
  private static Optional<KafkaProbe> kafkaProbe(ActorSystem<?> system) {
    var kafka = system.settings().config().getConfig("starling.kafka");
    if (!kafka.getBoolean("publish")) {
      return Optional.empty();
    }
    var probe = new KafkaProbe(Topics.from(kafka));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-kafka-probe",
            () -> {
              probe.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return Optional.of(probe);
  }

  /**
   * This node's {@link Snowflake} node id: {@code starling.node-id} when set (a one-node stack or a
   * test), otherwise the id the cluster's {@link NodeIds} allocator holds for this member, which no
   * other live member holds. Without one the node cannot mint tweet ids, so it does not start.
   */
  private static int nodeId(ActorSystem<?> system) {
    var config = system.settings().config();
    if (config.hasPath("starling.node-id")) {
      return config.getInt("starling.node-id");
    }
    ActorRef<NodeIds.Command> allocator =
        ClusterSingleton.get(system).init(SingletonActor.of(NodeIds.create(), "node-ids"));
    String self = NodeIds.memberKey(Cluster.get(system).selfMember());
    long deadline =
        System.nanoTime() + config.getDuration("starling.cluster.node-id-timeout").toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        int id =
            AskPattern.<NodeIds.Command, NodeIds.Allocated>ask(
                    allocator,
                    replyTo -> new NodeIds.Allocate(self, replyTo),
                    Duration.ofSeconds(5),
                    system.scheduler())
                .toCompletableFuture()
                .join()
                .nodeId();
        if (id < 0) {
          throw new IllegalStateException(
              "every node id (0.." + Snowflake.MAX_NODE_ID + ") is held by a live member");
        }
        log.info("Node id {} for {}", id, self);
        return id;
      } catch (CompletionException e) {
        // the singleton is starting or handing over; ask again
        last = e;
      }
    }
    throw new IllegalStateException("no node id from the cluster's allocator in time", last);
  }

  /** The node id in this node's tweet and media ids; -1 on a node without the API role. */
  public int nodeId() {
    return nodeId;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The HTTP API's port; a node without the {@code api} role has none. */
  public int httpPort() {
    return binding
        .orElseThrow(() -> new IllegalStateException("this node has no api role"))
        .localAddress()
        .getPort();
  }

  /** The admin interface's port; empty when the node has no admin token. */
  public Optional<Integer> adminPort() {
    return admin.map(b -> b.localAddress().getPort());
  }

  /** Pekko Management's port (probes); empty when management is off. */
  public Optional<Integer> managementPort() {
    return managementPort;
  }

  /** Leaves the cluster, unbinds, stops projections and entities; blocks until done. */
  public void stop() {
    CoordinatedShutdown.get(system)
        .runAll(CoordinatedShutdown.unknownReason())
        .toCompletableFuture()
        .join();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
