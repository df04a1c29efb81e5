package dev.starling.read.projection;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.starling.common.tracing.TraceParent;
import dev.starling.read.store.Cql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator can see and do with the projections of a cluster (docs/operations.md): list
 * every projection's instances with offset, lag and state; pause, resume, reset; and skip the event
 * an instance stopped on. Control goes through pekko-projection's {@link ProjectionManagement}, so
 * it reaches an instance on whichever node runs it; what is listed is read from the stores (offset
 * and management tables of pekko-projection, the journal's tag views, the stops and skips of {@link
 * ProjectionFailures}), so any node that started a projection answers for all its instances.
 */
public final class ProjectionControl implements Extension {
  private static final Logger log = LoggerFactory.getLogger(ProjectionControl.class);

  /** pekko-projection-cassandra spreads offset and management rows over this many partitions. */
  private static final int OFFSET_PARTITIONS = 5;

  private final ActorSystem<?> system;
  private final RetryPolicy retries;
  private final Duration bucketSize;
  private final int lagBuckets;
  private final int lagCountLimit;
  private final Map<String, List<String>> projections =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final CompletableFuture<Stores> stores;
  private final long refreshNanos;
  private final AtomicLong lastRefresh;
  private volatile Map<ProjectionId, InstanceStatus> latest = Map.of();

  private ProjectionControl(ActorSystem<?> system) {
    this.system = system;
    var config = system.settings().config();
    var settings = config.getConfig("starling.projections");
    this.retries = RetryPolicy.from(settings.getConfig("failure"));
    this.lagBuckets = settings.getInt("status.lag-buckets");
    this.lagCountLimit = settings.getInt("status.lag-count-limit");
    this.bucketSize =
        bucketSize(config.getString("pekko.persistence.cassandra.events-by-tag.bucket-size"));
    String keyspace = config.getString("starling.cassandra.keyspace");
    this.stores =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create(ReadSide.SESSION_CONFIG))
            .underlying()
            .thenApply(session -> new Stores(new Cql(session, keyspace)))
            .toCompletableFuture();
    this.refreshNanos = settings.getDuration("status.refresh-interval").toNanos();
    this.lastRefresh = new AtomicLong(System.nanoTime() - refreshNanos);
  }

  public static ProjectionControl get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Called once per projection as it starts: its name and its instances (the tags it reads). */
  void register(String projection, List<String> instances) {
    projections.put(projection, List.copyOf(instances));
  }

  /**
   * The handler of one instance, behind retries and the stop on an event that keeps failing, in a
   * span of the event's trace when {@code traceOf} has one.
   */
  <E> GuardedHandler<E> guard(
      ProjectionId id,
      org.apache.pekko.projection.javadsl.Handler<EventEnvelope<E>> handler,
      Function<EventEnvelope<E>, Optional<TraceParent>> traceOf) {
    return new GuardedHandler<>(id, handler, this, retries, system, traceOf);
  }

  /** The projections this node started, by name, with their instances. */
  public Map<String, List<String>> projections() {
    synchronized (projections) {
      return Map.copyOf(projections);
    }
  }

  /** Status of every instance of every projection, by projection name in start order. */
  public CompletionStage<List<InstanceStatus>> status() {
    List<CompletableFuture<List<InstanceStatus>>> all = new ArrayList<>();
    synchronized (projections) {
      projections.keySet().forEach(name -> all.add(status(name).toCompletableFuture()));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().flatMap(one -> one.join().stream()).toList());
  }

  /** Status of every instance of {@code projection}; fails with {@link UnknownProjection}. */
  public CompletionStage<List<InstanceStatus>> status(String projection) {
    List<String> instances = instancesOf(projection, Optional.empty());
    return stores.thenCompose(stores -> stores.status(projection, instances));
  }

  /**
   * The stored offset of every instance of {@code projection} (empty: none stored yet), without the
   * lag scan {@link #status(String)} adds; fails with {@link UnknownProjection}.
   */
  public CompletionStage<Map<String, Optional<UUID>>> offsets(String projection) {
    List<String> instances = instancesOf(projection, Optional.empty());
    return stores.thenCompose(
        stores ->
            stores
                .storedOffsets(projection)
                .thenApply(
                    stored -> {
                      Map<String, Optional<UUID>> offsets = new LinkedHashMap<>();
                      instances.forEach(
                          instance ->
                              offsets.put(
                                  instance,
                                  Optional.ofNullable(stored.get(instance))
                                      .flatMap(StoredOffset::offset)));
                      return offsets;
                    }));
  }

  /**
   * The instance's status as last read, for metrics. Asking starts a new read in the background
   * when the last one is older than {@code status.refresh-interval}: the stores are read only as
   * often as someone looks (a scrape sees what the read before it found).
   */
  public Optional<InstanceStatus> latest(String projection, String instance) {
    long now = System.nanoTime();
    long last = lastRefresh.get();
    if (now - last >= refreshNanos && lastRefresh.compareAndSet(last, now)) {
      refresh();
    }
    return Optional.ofNullable(latest.get(ProjectionId.of(projection, instance)));
  }

  private void refresh() {
    status()
        .whenComplete(
            (statuses, failure) -> {
              if (failure != null) {
                log.warn("Could not refresh the projections' status: {}", failure.toString());
                return;
              }
              var next = new HashMap<ProjectionId, InstanceStatus>();
              statuses.forEach(s -> next.put(ProjectionId.of(s.projection(), s.instance()), s));
              latest = Map.copyOf(next);
            });
  }

  public CompletionStage<List<String>> pause(String projection, Optional<String> instance) {
    return eachInstance(
        projection, instance, id -> ProjectionManagement.get(system).pause(id), "paused");
  }

  public CompletionStage<List<String>> resume(String projection, Optional<String> instance) {
    return eachInstance(
        projection, instance, id -> ProjectionManagement.get(system).resume(id), "resumed");
  }

  /**
   * Sets the offset of the instances (all, or the one given) to {@code to}, or clears it (replay
   * from the first event) when empty. Each instance restarts from there; a paused one stays paused.
   */
  public CompletionStage<List<String>> reset(
      String projection, Optional<String> instance, Optional<UUID> to) {
    return eachInstance(
        projection,
        instance,
        id ->
            to.isPresent()
                ? ProjectionManagement.get(system)
                    .updateOffset(id, (Offset) Offset.timeBasedUUID(to.get()))
                : ProjectionManagement.get(system).clearOffset(id),
        to.map(uuid -> "offset set to " + uuid).orElse("offset cleared"));
  }

  /**
   * Steps the instance past the event it stopped on: records the skip, sets its offset to that
   * event (the next start reads on from the event after it), and resumes it. Fails with {@link
   * NotStopped} when the instance is not stopped on an event.
   */
  public CompletionStage<SkippedEvent> skip(String projection, String instance) {
    instancesOf(projection, Optional.of(instance));
    var id = ProjectionId.of(projection, instance);
    var management = ProjectionManagement.get(system);
    return stores.thenCompose(
        stores ->
            stores
                .failures
                .stoppedOn(projection, instance)
                .thenCompose(
                    found -> {
                      StoppedEvent event = found.orElseThrow(() -> new NotStopped(id));
                      return stores
                          .failures
                          .skipped(projection, instance, event)
                          .thenCompose(
                              recorded ->
                                  management.updateOffset(
                                      id, (Offset) Offset.timeBasedUUID(event.offset())))
                          .thenCompose(moved -> stores.failures.clear(projection, instance))
                          .thenCompose(cleared -> management.resume(id))
                          .thenApply(
                              resumed -> {
                                log.warn(
                                    "Projection {} skipped event {} #{} (offset {}) it had stopped"
                                        + " on: {}",
                                    id.id(),
                                    event.persistenceId(),
                                    event.sequenceNr(),
                                    event.offset(),
                                    event.error());
                                return new SkippedEvent(
                                    event.persistenceId(),
                                    event.sequenceNr(),
                                    event.offset(),
                                    event.eventType(),
                                    event.error(),
                                    Instant.now());
                              });
                    }));
  }

  /**
   * The instance ran out of retries on {@code envelope}: stores the stop, logs it and pauses the
   * instance, which then stays paused (across restarts too) until resumed or skipped.
   */
  CompletionStage<Done> stopOn(
      ProjectionId id, EventEnvelope<?> envelope, int attempts, Throwable failure) {
    UUID offset = ((TimeBasedUUID) envelope.offset()).value();
    var event =
        new StoppedEvent(
            envelope.persistenceId(),
            envelope.sequenceNr(),
            offset,
            envelope.event().getClass().getName(),
            attempts,
            failure.toString(),
            Instant.now());
    log.error(
        "Projection {} STOPPED on event {} #{} (offset {}) after {} attempts; see `ops/starling"
            + " projections`, then resume or skip it (docs/operations.md, poison event)",
        id.id(),
        envelope.persistenceId(),
        envelope.sequenceNr(),
        offset,
        attempts,
        failure);
    return stores
        .thenCompose(stores -> stores.failures.stopped(id.name(), id.key(), event))
        .thenApply(
            stored -> {
              // not awaited: pausing stops the stream, which waits for the event being handled
              ProjectionManagement.get(system)
                  .pause(id)
                  .whenComplete(
                      (paused, pauseFailure) -> {
                        if (pauseFailure != null) {
                          log.error("Projection {} could not be paused", id.id(), pauseFailure);
                        }
                      });
              return Done.getInstance();
            });
  }

  CompletionStage<Optional<StoppedEvent>> stoppedOn(ProjectionId id) {
    return stores.thenCompose(stores -> stores.failures.stoppedOn(id.name(), id.key()));
  }

  CompletionStage<Void> cleared(ProjectionId id) {
    log.info("Projection {} runs again past the event it had stopped on", id.id());
    return stores.thenCompose(stores -> stores.failures.clear(id.name(), id.key()));
  }

  private CompletionStage<List<String>> eachInstance(
      String projection,
      Optional<String> instance,
      java.util.function.Function<ProjectionId, CompletionStage<Done>> operation,
      String outcome) {
    List<String> instances = instancesOf(projection, instance);
    var results =
        instances.stream()
            .map(
                tag ->
                    operation
                        .apply(ProjectionId.of(projection, tag))
                        .thenApply(done -> projection + "/" + tag + " " + outcome)
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
  }

  private List<String> instancesOf(String projection, Optional<String> instance) {
    List<String> instances = projections.get(projection);
    if (instances == null) {
      throw new UnknownProjection(
          "no projection named '" + projection + "'; known: " + projections().keySet());
    }
    if (instance.isPresent()) {
      if (!instances.contains(instance.get())) {
        throw new UnknownProjection(
            "projection '"
                + projection
                + "' has no instance '"
                + instance.get()
                + "'; its instances: "
                + instances);
      }
      return List.of(instance.get());
    }
    return instances;
  }

  private static Duration bucketSize(String setting) {
    return switch (setting) {
      case "Day" -> Duration.ofDays(1);
      case "Hour" -> Duration.ofHours(1);
      case "Minute" -> Duration.ofMinutes(1);
      case "Second" -> Duration.ofSeconds(1);
      default -> throw new IllegalArgumentException("unknown events-by-tag.bucket-size " + setting);
    };
  }

  /** A projection or instance name that this node does not know. */
  public static final class UnknownProjection extends RuntimeException {
    UnknownProjection(String message) {
      super(message);
    }
  }

  /** A skip asked of an instance that is not stopped on an event. */
  public static final class NotStopped extends RuntimeException {
    NotStopped(ProjectionId id) {
      super(
          "projection "
              + id.name()
              + " instance "
              + id.key()
              + " is not stopped on an event; nothing to skip");
    }
  }

  /** The stores' side: the plugins' tables, the tag views and the stops and skips. */
  private final class Stores {
    private final Cql cql;
    private final ProjectionFailures failures;
    private final PreparedStatement offsets;
    private final PreparedStatement paused;
    private final PreparedStatement eventsAfter;

    Stores(Cql cql) {
      this.cql = cql;
      this.failures = new ProjectionFailures(cql);
      offsets =
          cql.prepare(
              "SELECT projection_key, offset, manifest, last_updated FROM ${keyspace}.offset_store"
                  + " WHERE projection_name = ? AND partition IN ?");
      paused =
          cql.prepare(
              "SELECT projection_key, paused FROM ${keyspace}.projection_management"
                  + " WHERE projection_name = ? AND partition IN ?");
      eventsAfter =
          cql.prepare(
              "SELECT timestamp FROM ${keyspace}.tag_views WHERE tag_name = ? AND timebucket = ?"
                  + " AND timestamp > ? LIMIT ?");
    }

    CompletionStage<List<InstanceStatus>> status(String projection, List<String> instances) {
      List<Integer> partitions = IntStream.range(0, OFFSET_PARTITIONS).boxed().toList();
      var offsetRows = storedOffsets(projection);
      var pausedRows =
          cql.list(
                  paused,
                  row -> Map.entry(row.getString("projection_key"), row.getBoolean("paused")),
                  projection,
                  partitions)
              .toCompletableFuture();
      var stopped = failures.stoppedOf(projection).toCompletableFuture();
      var skips = failures.skipsOf(projection).toCompletableFuture();
      return CompletableFuture.allOf(offsetRows, pausedRows, stopped, skips)
          .thenCompose(
              done -> {
                Map<String, StoredOffset> offsetOf = offsetRows.join();
                Map<String, Boolean> pausedOf = new HashMap<>();
                pausedRows.join().forEach(e -> pausedOf.put(e.getKey(), e.getValue()));
                Map<String, StoppedEvent> stoppedOf = new HashMap<>();
                stopped.join().forEach(row -> stoppedOf.put(row.instance(), row.value()));
                var statuses =
                    instances.stream()
                        .map(
                            instance -> {
                              var stored =
                                  offsetOf.getOrDefault(
                                      instance,
                                      new StoredOffset(Optional.empty(), Optional.empty()));
                              return lag(instance, stored.offset())
                                  .thenApply(
                                      lag ->
                                          new InstanceStatus(
                                              projection,
                                              instance,
                                              state(
                                                  pausedOf.getOrDefault(instance, false),
                                                  stoppedOf.containsKey(instance)),
                                              stored.offset(),
                                              stored.storedAt(),
                                              lag,
                                              Optional.ofNullable(stoppedOf.get(instance)),
                                              skips.join().stream()
                                                  .filter(s -> s.instance().equals(instance))
                                                  .map(ProjectionFailures.Instance::value)
                                                  .toList()))
                                  .toCompletableFuture();
                            })
                        .toList();
                return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
                    .thenApply(all -> statuses.stream().map(CompletableFuture::join).toList());
              });
    }

    /** The stored offset of each instance of {@code projection} that stored one. */
    CompletableFuture<Map<String, StoredOffset>> storedOffsets(String projection) {
      return cql.list(
              offsets,
              row ->
                  Map.entry(
                      row.getString("projection_key"),
                      new StoredOffset(
                          "TBU".equals(row.getString("manifest"))
                              ? Optional.of(UUID.fromString(row.getString("offset")))
                              : Optional.empty(),
                          Optional.ofNullable(row.getInstant("last_updated")))),
              projection,
              IntStream.range(0, OFFSET_PARTITIONS).boxed().toList())
          .thenApply(
              entries -> {
                Map<String, StoredOffset> offsetOf = new HashMap<>();
                entries.forEach(e -> offsetOf.put(e.getKey(), e.getValue()));
                return offsetOf;
              })
          .toCompletableFuture();
    }

    /**
     * Stopped: paused with the event it stopped on still recorded. Once resumed it is running (and
     * trying that event again) though the event stays listed until it is applied.
     */
    private InstanceStatus.State state(boolean isPaused, boolean stoppedOnEvent) {
      if (!isPaused) {
        return InstanceStatus.State.RUNNING;
      }
      return stoppedOnEvent ? InstanceStatus.State.STOPPED : InstanceStatus.State.PAUSED;
    }

    /**
     * Counts the tag's events after {@code offset}, bucket by bucket up to now, looking at most
     * {@code lagBuckets} buckets back and counting at most {@code lagCountLimit} events: an
     * instance further behind shows "at least". Counting reads the events' timestamps (the oldest
     * one gives how far behind it is); a {@code count(*)} over a partition of a million fresh
     * events timed out in Cassandra and turned every status read into a 503.
     */
    private CompletionStage<InstanceStatus.Lag> lag(String tag, Optional<UUID> offset) {
      long bucketMillis = bucketSize.toMillis();
      long now = System.currentTimeMillis();
      long lastBucket = now - now % bucketMillis;
      long earliestScanned = lastBucket - (lagBuckets - 1) * bucketMillis;
      long offsetMillis = offset.map(Uuids::unixTimestamp).orElse(0L);
      long firstBucket = offsetMillis - offsetMillis % bucketMillis;
      boolean olderThanScanned = firstBucket < earliestScanned;
      UUID after = offset.orElse(Uuids.startOf(0));
      return count(tag, after, Math.max(firstBucket, earliestScanned), lastBucket, Counted.NONE)
          .thenApply(
              counted -> {
                long events = Math.min(counted.events(), lagCountLimit);
                Duration behind =
                    events == 0
                        ? Duration.ZERO
                        : Duration.ofMillis(Math.max(0, now - counted.oldest()));
                return new InstanceStatus.Lag(
                    events, behind, olderThanScanned || counted.events() > lagCountLimit);
              });
    }

    /** The events after {@code after} from {@code bucket} on, up to one past the limit. */
    private CompletionStage<Counted> count(
        String tag, UUID after, long bucket, long lastBucket, Counted so) {
      long wanted = lagCountLimit + 1L - so.events();
      if (bucket > lastBucket || wanted <= 0) {
        return CompletableFuture.completedFuture(so);
      }
      return cql.list(
              eventsAfter,
              row -> Uuids.unixTimestamp(row.getUuid(0)),
              tag,
              bucket,
              after,
              (int) wanted)
          .thenCompose(
              times ->
                  count(
                      tag,
                      after,
                      bucket + bucketSize.toMillis(),
                      lastBucket,
                      times.isEmpty()
                          ? so
                          : new Counted(
                              so.events() + times.size(),
                              so.events() == 0 ? times.get(0) : so.oldest())));
    }
  }

  /** Events counted so far, and the timestamp of the oldest. */
  private record Counted(long events, long oldest) {
    static final Counted NONE = new Counted(0, 0);
  }

  private record StoredOffset(Optional<UUID> offset, Optional<Instant> storedAt) {}

  private static final class Id extends ExtensionId<ProjectionControl> {
    static final Id INSTANCE = new Id();

    @Override
    public ProjectionControl createExtension(ActorSystem<?> system) {
      return new ProjectionControl(system);
    }
  }
}
