package dev.starling.node;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.starling.common.Stages;
import dev.starling.http.CachedCheck;
import dev.starling.http.HealthReport;
import dev.starling.read.store.Cql;
import dev.starling.read.stream.KafkaProbe;
import dev.starling.user.Handle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Ready means: this node is an Up cluster member, Cassandra answers, and sharding can reach an
 * entity — which it proves by recovering a probe entity from the journal. Kafka is reported beside
 * them (when the node publishes to it) but is not required: posting and timelines do not need it,
 * and the event stream catches up when it returns; its answer is the last {@link KafkaProbe}'s, so
 * readiness never waits for Kafka. A check costs a query and an ask, so its result is shared for
 * {@code starling.readiness.cache-ttl} (see {@link CachedCheck}): however often the node is probed,
 * Cassandra sees about one check per TTL.
 */
final class Readiness {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final String PROBE_HANDLE = "_readiness_probe_";

  private final ActorSystem<?> system;
  private final Cql cql;
  private final Optional<KafkaProbe> kafka;
  private final CachedCheck<HealthReport> cached;

  Readiness(ActorSystem<?> system, Cql cql, Optional<KafkaProbe> kafka) {
    this.system = system;
    this.cql = cql;
    this.kafka = kafka;
    this.cached =
        new CachedCheck<>(
            this::checkNow, system.settings().config().getDuration("starling.readiness.cache-ttl"));
  }

  CompletionStage<HealthReport> check() {
    return cached.get();
  }

  private CompletionStage<HealthReport> checkNow() {
    boolean up = Cluster.get(system).selfMember().status() == MemberStatus.up();
    var cassandra =
        cql.session()
            .executeAsync(
                SimpleStatement.newInstance("SELECT now() FROM system.local").setTimeout(TIMEOUT))
            .thenApply(rs -> rs.one() != null)
            .exceptionally(failure -> false)
            .toCompletableFuture();
    var sharding =
        up
            ? Stages.plain(
                    ClusterSharding.get(system)
                        .entityRefFor(Handle.ENTITY_KEY, PROBE_HANDLE)
                        .<Optional<Long>>ask(Handle.Lookup::new, TIMEOUT))
                .thenApply(owner -> true)
                .exceptionally(failure -> false)
                .toCompletableFuture()
            : CompletableFuture.completedFuture(false);
    return CompletableFuture.allOf(cassandra, sharding)
        .thenApply(
            all -> {
              var required = new LinkedHashMap<String, Boolean>();
              required.put("cluster", up);
              required.put("sharding", sharding.join());
              required.put("cassandra", cassandra.join());
              var optional = new LinkedHashMap<String, Boolean>();
              kafka.ifPresent(probe -> optional.put("kafka", probe.reachable()));
              return new HealthReport(required, optional);
            });
  }
}
