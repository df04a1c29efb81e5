package dev.starling.read.store;

import com.typesafe.config.Config;
import dev.starling.common.Stages;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Routes edge changes to their owner's {@link EdgeWriter}, one sharded entity per (table, owner).
 * Every node registers the same tables, so whichever node hosts a writer can run it.
 */
public final class EdgeWriters {
  static final EntityTypeKey<EdgeWriter.Command> ENTITY_KEY =
      EntityTypeKey.create(EdgeWriter.Command.class, "EdgeWriter");
  private static final char SEPARATOR = '|';

  private final Map<String, CountedEdges> tables = new ConcurrentHashMap<>();
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  private EdgeWriters(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  /**
   * Starts the writers' entity type on this node. Settings ({@code
   * starling.read-side.edge-writers}): {@code ask-timeout}, {@code max-batch} (changes written
   * together), {@code max-known-rows} (rows each writer keeps in memory).
   */
  public static EdgeWriters start(ActorSystem<?> system, Config settings) {
    var writers = new EdgeWriters(system, settings.getDuration("ask-timeout"));
    int maxBatch = settings.getInt("max-batch");
    int maxKnownRows = Math.max(settings.getInt("max-known-rows"), maxBatch);
    writers.sharding.init(
        Entity.of(
            ENTITY_KEY,
            context -> {
              String id = context.getEntityId();
              int split = id.lastIndexOf(SEPARATOR);
              CountedEdges table = writers.tables.get(id.substring(0, split));
              long owner = Long.parseLong(id.substring(split + 1));
              return EdgeWriter.create(table, owner, maxBatch, maxKnownRows);
            }));
    return writers;
  }

  void register(CountedEdges table) {
    var previous = tables.putIfAbsent(table.table(), table);
    if (previous != null && previous != table) {
      throw new IllegalStateException("two CountedEdges for table " + table.table());
    }
  }

  CompletionStage<EdgeWriter.Applied> apply(
      CountedEdges table, long owner, long member, boolean active, long version, Instant at) {
    return Stages.plain(
            sharding
                .entityRefFor(ENTITY_KEY, table.table() + SEPARATOR + owner)
                .<EdgeWriter.Applied>ask(
                    replyTo -> new EdgeWriter.Apply(member, active, version, at, replyTo),
                    askTimeout))
        .thenCompose(
            applied ->
                applied.failure() == null
                    ? CompletableFuture.completedFuture(applied)
                    : CompletableFuture.failedFuture(
                        new StoreUnavailableException(
                            "could not write "
                                + table.table()
                                + " of "
                                + owner
                                + ": "
                                + applied.failure())));
  }
}
