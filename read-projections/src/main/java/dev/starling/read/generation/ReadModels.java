package dev.starling.read.generation;

import com.typesafe.config.Config;
import dev.starling.common.CborSerializable;
import dev.starling.read.generation.Generations.GenerationRow;
import dev.starling.read.generation.Generations.ModelRow;
import dev.starling.read.projection.InstanceStatus;
import dev.starling.read.projection.ProjectionControl;
import dev.starling.read.store.Cql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replayable read models of a node and their generations (docs/operations.md, replay and
 * backfill). A replay creates generation N+1's tables and runs the model's projections again under
 * names of their own ({@code <projection>@g<N+1>}) from the first event of the journal, while the
 * projections of generation N keep writing N and queries read N. Once every instance of the new
 * projections has reached the offset of its live counterpart (for a backfill: the end of its tag),
 * one lightweight transaction on the model's row makes N+1 active; every node swaps the repository
 * its queries read as soon as it sees the row change (told at once through a cluster pub-sub topic,
 * and reading the row every {@code check-interval} in case it missed that), and pauses generation
 * N's projections. The new generation's projections simply keep running as the live ones; old
 * tables stay until {@code read-models drop}.
 */
public final class ReadModels {
  private static final Logger log = LoggerFactory.getLogger(ReadModels.class);

  private final ActorSystem<?> system;
  private final Generations store;
  private final ProjectionControl control;
  private final Config settings;
  private final Duration checkInterval;
  private final Duration settle;
  private final Executor blocking;
  private final Map<String, Managed<?>> models = new LinkedHashMap<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile ActorRef<Topic.Command<GenerationsChanged>> topic;
  private volatile boolean feeding;

  /** Told to every node when a model's generations changed: read its row again. */
  public record GenerationsChanged(String model) implements CborSerializable {}

  public ReadModels(ActorSystem<?> system, Cql cql) {
    this.system = system;
    this.store = new Generations(cql);
    this.control = ProjectionControl.get(system);
    this.settings = system.settings().config().getConfig("starling.read-models");
    this.checkInterval = settings.getDuration("check-interval");
    this.settle = settings.getDuration("backfill-settle");
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /**
   * Makes {@code model} replayable on this node and returns the holder its queries read through.
   * {@code starling.read-models.initial.<name>} (live or empty) overrides how it starts.
   */
  public <R> ActiveGeneration<R> declare(ReplayableModel<R> model) {
    String initialPath = "initial." + model.name();
    ReplayableModel<R> declared =
        settings.hasPath(initialPath)
            ? model.startingAs(
                ReplayableModel.Initial.valueOf(
                    settings.getString(initialPath).toUpperCase(java.util.Locale.ROOT)))
            : model;
    var managed = new Managed<>(declared);
    models.put(model.name(), managed);
    return managed.active;
  }

  /**
   * Creates each model's row if it is new and serves the generation it names (blocking: queries
   * work from here on, whether or not this node runs projections).
   */
  public void serve() {
    for (Managed<?> managed : models.values()) {
      store.createIfAbsent(managed.model);
      refresh(managed).toCompletableFuture().join();
    }
  }

  /**
   * Feeds the active generation and the one being built, as each model's row says, then follows the
   * rows (blocking until fed).
   */
  public void start() {
    feeding = true;
    for (Managed<?> managed : models.values()) {
      refresh(managed).toCompletableFuture().join();
    }
    var changes =
        system.systemActorOf(
            Behaviors.<GenerationsChanged>receiveMessage(
                changed -> {
                  Optional.ofNullable(models.get(changed.model())).ifPresent(this::refresh);
                  return Behaviors.same();
                }),
            "read-model-generations-changes",
            Props.empty());
    topic =
        system.systemActorOf(
            Topic.create(GenerationsChanged.class, "read-model-generations"),
            "read-model-generations-topic",
            Props.empty());
    topic.tell(Topic.subscribe(changes));
    system
        .scheduler()
        .scheduleWithFixedDelay(
            checkInterval, checkInterval, this::check, system.executionContext());
  }

  /** Every model's status, in declaration order. */
  public CompletionStage<List<ReadModelStatus>> status() {
    var all = models.keySet().stream().map(n -> status(n).toCompletableFuture()).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
  }

  public CompletionStage<ReadModelStatus> status(String name) {
    Managed<?> managed = managed(name);
    return store
        .read(name)
        .thenCompose(
            row -> store.progress(name).thenCompose(events -> managed.status(row, events)));
  }

  /**
   * Starts rebuilding {@code name} into a new generation; with {@code manualSwitch} the caught-up
   * generation waits for {@link #switchTo}. Fails with {@link Conflict} when something is being
   * built already or the model has no generation to replace (then it needs a backfill).
   */
  public CompletionStage<ReadModelStatus> replay(String name, boolean manualSwitch) {
    return build(name, manualSwitch, false);
  }

  /** Builds the first generation of a model that has none; otherwise as {@link #replay}. */
  public CompletionStage<ReadModelStatus> backfill(String name, boolean manualSwitch) {
    return build(name, manualSwitch, true);
  }

  private CompletionStage<ReadModelStatus> build(
      String name, boolean manualSwitch, boolean backfill) {
    Managed<?> managed = managed(name);
    return store
        .read(name)
        .thenCompose(
            row -> {
              row.building()
                  .ifPresent(
                      building -> {
                        throw new Conflict(
                            "generation "
                                + building
                                + " of "
                                + name
                                + " is being built already; follow it with `read-models`");
                      });
              if (backfill && row.active() != Generations.NONE) {
                throw new Conflict(
                    name + " serves generation " + row.active() + "; rebuild it with replay");
              }
              if (!backfill && row.active() == Generations.NONE) {
                throw new Conflict(name + " has no generation yet; build it with backfill");
              }
              int next = row.next();
              return CompletableFuture.runAsync(
                      () -> store.createTables(managed.model, next), blocking)
                  .thenCompose(
                      created ->
                          store.startBuilding(
                              name, row.active(), next, manualSwitch, Instant.now()))
                  .thenCompose(
                      started -> {
                        if (!started) {
                          throw new Conflict(
                              "another replay of " + name + " started first; see `read-models`");
                        }
                        log.info(
                            "Read model {}: building generation {} from the journal ({} serves"
                                + " generation {})",
                            name,
                            next,
                            name,
                            row.active());
                        return changed(managed);
                      });
            })
        .thenCompose(done -> status(name));
  }

  /**
   * Switches to the generation being built once it has caught up (a manual switch); from then on it
   * follows the journal as closely as the active one.
   */
  public CompletionStage<ReadModelStatus> switchTo(String name) {
    Managed<?> managed = managed(name);
    return store
        .read(name)
        .thenCompose(
            row -> {
              int building =
                  row.building()
                      .orElseThrow(() -> new Conflict(name + " has no generation being built"));
              if (row.generation(building).flatMap(GenerationRow::caughtUpAt).isEmpty()) {
                throw new Conflict(
                    "generation "
                        + building
                        + " of "
                        + name
                        + " has not caught up with the journal yet");
              }
              return managed.switchTo(row, building);
            })
        .thenCompose(done -> status(name));
  }

  /**
   * Drops the tables of a generation that is neither active nor being built; its row stays, marked
   * dropped, so its number (and projection names) are never reused.
   */
  public CompletionStage<ReadModelStatus> drop(String name, int generation) {
    Managed<?> managed = managed(name);
    return store
        .read(name)
        .thenCompose(
            row -> {
              if (row.generation(generation).isEmpty()) {
                throw new UnknownReadModel(name + " has no generation " + generation);
              }
              if (generation == row.active() || row.building().equals(Optional.of(generation))) {
                throw new Conflict(
                    "generation "
                        + generation
                        + " of "
                        + name
                        + " is "
                        + (generation == row.active() ? "active" : "being built")
                        + "; only an older one can be dropped");
              }
              return CompletableFuture.runAsync(
                      () -> store.dropTables(managed.model, generation), blocking)
                  .thenCompose(dropped -> store.dropped(name, generation, Instant.now()));
            })
        .thenCompose(done -> status(name));
  }

  private Managed<?> managed(String name) {
    Managed<?> managed = models.get(name);
    if (managed == null) {
      throw new UnknownReadModel(
          "no replayable read model named '" + name + "'; known: " + models.keySet());
    }
    return managed;
  }

  /** Reads the model's row again here and tells every other node to. */
  private CompletionStage<Void> changed(Managed<?> managed) {
    return refresh(managed)
        .thenRun(
            () -> {
              var told = topic;
              if (told != null) {
                told.tell(Topic.publish(new GenerationsChanged(managed.model.name())));
              }
            });
  }

  private CompletionStage<Void> refresh(Managed<?> managed) {
    // following may prepare statements and start projections: not on a driver thread
    return store.read(managed.model.name()).thenAcceptAsync(managed::follow, blocking);
  }

  /**
   * Every check-interval: follow each row, add the events applied here to the progress, and let a
   * caught-up generation switch (any node may; the row's transaction lets one).
   */
  private void check() {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    var checks = models.values().stream().map(m -> m.check().toCompletableFuture()).toList();
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
        .whenComplete(
            (done, failure) -> {
              checking.set(false);
              if (failure != null) {
                log.warn("Checking the read models' generations failed: {}", failure.toString());
              }
            });
  }

  /** One model on this node: the generation it serves, the ones it feeds. */
  private final class Managed<R> {
    final ReplayableModel<R> model;
    final ActiveGeneration<R> active;
    private final Map<Integer, R> repositories = new HashMap<>();
    private final Set<Integer> fed = new HashSet<>();
    private final LongAdder applied = new LongAdder();
    private volatile int building = Generations.NONE;

    Managed(ReplayableModel<R> model) {
      this.model = model;
      this.active = new ActiveGeneration<>(model.name());
    }

    /** Serves the row's active generation; once this node feeds, feeds it and the building one. */
    synchronized void follow(ModelRow row) {
      building = row.building().orElse(Generations.NONE);
      if (row.active() == Generations.NONE) {
        row.building().filter(g -> feeding).ifPresent(this::feed);
        return;
      }
      if (feeding) {
        row.building().ifPresent(this::feed);
        feed(row.active());
      }
      Optional<Integer> before = active.generation();
      if (before.isEmpty() || before.get() != row.active()) {
        active.serve(row.active(), repository(row.active()));
        log.info("Read model {}: queries read generation {}", model.name(), row.active());
        before.filter(fed::contains).ifPresent(this::retire);
      }
    }

    private R repository(int generation) {
      return repositories.computeIfAbsent(generation, model::repositoryOf);
    }

    private void feed(int generation) {
      if (fed.add(generation)) {
        R repository = repository(generation);
        model
            .feeds()
            .forEach(
                feed ->
                    feed.start(
                        system,
                        generation,
                        repository,
                        () -> {
                          if (building == generation) {
                            applied.increment();
                          }
                        }));
      }
    }

    /** Pauses a replaced generation's projections (through the cluster, so on every node). */
    private void retire(int generation) {
      for (Feed<R> feed : model.feeds()) {
        String name = ReplayableModel.projectionName(feed.projection(), generation);
        control
            .pause(name, Optional.empty())
            .whenComplete(
                (paused, failure) -> {
                  if (failure != null) {
                    log.warn(
                        "Could not pause {} of a replaced generation: {}",
                        name,
                        failure.toString());
                  }
                });
      }
    }

    CompletionStage<Void> check() {
      return store
          .read(model.name())
          .thenComposeAsync(
              row -> {
                follow(row);
                return flush(row)
                    .thenCompose(
                        flushed ->
                            row.building().isPresent()
                                ? switchIfCaughtUp(row, row.building().get())
                                : CompletableFuture.<Void>completedFuture(null));
              },
              blocking);
    }

    private CompletionStage<Void> flush(ModelRow row) {
      long events = applied.sumThenReset();
      if (events == 0 || row.building().isEmpty()) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return store
          .addProgress(model.name(), row.building().get(), events)
          .exceptionally(
              failure -> {
                applied.add(events);
                return null;
              });
    }

    private CompletionStage<Void> switchIfCaughtUp(ModelRow row, int generation) {
      return caughtUp(row, generation)
          .thenCompose(
              caughtUp -> {
                if (!caughtUp) {
                  return CompletableFuture.<Void>completedFuture(null);
                }
                GenerationRow built = row.generation(generation).orElseThrow();
                var noted =
                    built.caughtUpAt().isPresent()
                        ? CompletableFuture.<Void>completedFuture(null)
                        : store.caughtUp(model.name(), generation, Instant.now());
                return built.manualSwitch()
                    ? noted
                    : noted.thenCompose(v -> switchTo(row, generation));
              });
    }

    CompletionStage<Void> switchTo(ModelRow row, int generation) {
      return store
          .switchTo(model.name(), row.active(), generation, Instant.now())
          .thenCompose(
              switched -> {
                if (!switched) {
                  return CompletableFuture.<Void>completedFuture(null);
                }
                log.info(
                    "Read model {}: switched from generation {} to {}",
                    model.name(),
                    row.active(),
                    generation);
                return changed(this);
              });
    }

    /**
     * Whether every instance of the generation's projections has reached its live counterpart's
     * offset (both read the same tag in the same order, so it has applied all the live one has);
     * with no live generation, whether its tag has nothing left after its offset — an instance that
     * stored no offset counts once the backfill ran for {@code backfill-settle} without one.
     */
    CompletionStage<Boolean> caughtUp(ModelRow row, int generation) {
      Instant startedAt =
          row.generation(generation).flatMap(GenerationRow::startedAt).orElse(Instant.now());
      boolean settled = Duration.between(startedAt, Instant.now()).compareTo(settle) >= 0;
      var perFeed =
          model.feeds().stream()
              .map(
                  feed -> {
                    String built = ReplayableModel.projectionName(feed.projection(), generation);
                    if (row.active() == Generations.NONE) {
                      return control
                          .status(built)
                          .thenApply(
                              instances -> instances.stream().allMatch(i -> atEnd(i, settled)))
                          .toCompletableFuture();
                    }
                    String live = ReplayableModel.projectionName(feed.projection(), row.active());
                    return control
                        .offsets(built)
                        .toCompletableFuture()
                        .thenCombine(control.offsets(live), this::reached);
                  })
              .toList();
      return CompletableFuture.allOf(perFeed.toArray(CompletableFuture[]::new))
          .thenApply(done -> perFeed.stream().allMatch(CompletableFuture::join));
    }

    private boolean atEnd(InstanceStatus instance, boolean settled) {
      if (instance.lag().events() != 0) {
        return false;
      }
      return instance.offset().isPresent() ? !instance.lag().atLeast() : settled;
    }

    private boolean reached(Map<String, Optional<UUID>> built, Map<String, Optional<UUID>> live) {
      return live.entrySet().stream()
          .allMatch(
              instance ->
                  instance.getValue().isEmpty()
                      || built
                          .getOrDefault(instance.getKey(), Optional.empty())
                          .map(
                              at ->
                                  new TimeBasedUUID(at)
                                          .compare(new TimeBasedUUID(instance.getValue().get()))
                                      >= 0)
                          .orElse(false));
    }

    CompletionStage<ReadModelStatus> status(ModelRow row, Map<Integer, Long> events) {
      List<ReadModelStatus.Generation> generations = new ArrayList<>();
      for (GenerationRow g : row.generations()) {
        String role =
            g.generation() == row.active()
                ? "active"
                : row.building().equals(Optional.of(g.generation()))
                    ? "building"
                    : g.droppedAt().isPresent() ? "dropped" : "retired";
        generations.add(
            new ReadModelStatus.Generation(
                g.generation(),
                role,
                List.copyOf(model.tablesOf(g.generation()).values()),
                model.feeds().stream()
                    .map(f -> ReplayableModel.projectionName(f.projection(), g.generation()))
                    .toList(),
                g.startedAt(),
                g.caughtUpAt(),
                g.switchedAt(),
                g.switchedFrom(),
                g.droppedAt(),
                events.getOrDefault(g.generation(), 0L)));
      }
      Optional<Integer> activeGeneration =
          row.active() == Generations.NONE ? Optional.empty() : Optional.of(row.active());
      Optional<ReadModelStatus.LastSwitch> lastSwitch =
          row.generation(row.active())
              .filter(g -> g.startedAt().isPresent() && g.switchedAt().isPresent())
              .map(
                  g ->
                      new ReadModelStatus.LastSwitch(
                          g.switchedFrom().filter(from -> from != Generations.NONE),
                          g.generation(),
                          events.getOrDefault(g.generation(), 0L),
                          g.startedAt().get(),
                          g.caughtUpAt(),
                          g.switchedAt().get()));
      if (row.building().isEmpty()) {
        return CompletableFuture.completedFuture(
            new ReadModelStatus(
                model.name(),
                activeGeneration,
                Optional.empty(),
                activeGeneration.isPresent()
                    ? ReadModelStatus.State.SERVING
                    : ReadModelStatus.State.EMPTY,
                Optional.empty(),
                lastSwitch,
                generations));
      }
      int buildingGeneration = row.building().get();
      GenerationRow built = row.generation(buildingGeneration).orElseThrow();
      var lags =
          model.feeds().stream()
              .map(
                  f ->
                      control
                          .status(
                              ReplayableModel.projectionName(f.projection(), buildingGeneration))
                          .toCompletableFuture())
              .toList();
      return CompletableFuture.allOf(lags.toArray(CompletableFuture[]::new))
          .thenApply(
              done -> {
                var instances = lags.stream().flatMap(l -> l.join().stream()).toList();
                long lag = instances.stream().mapToLong(i -> i.lag().events()).sum();
                boolean atLeast = instances.stream().anyMatch(i -> i.lag().atLeast());
                long replayed = events.getOrDefault(buildingGeneration, 0L) + applied.sum();
                Instant startedAt = built.startedAt().orElse(Instant.now());
                double seconds =
                    Math.max(0.001, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
                double rate = replayed / seconds;
                Optional<Duration> eta =
                    rate > 0
                        ? Optional.of(Duration.ofMillis((long) (lag / rate * 1000)))
                        : Optional.empty();
                var state =
                    built.caughtUpAt().isPresent()
                        ? ReadModelStatus.State.CAUGHT_UP
                        : activeGeneration.isPresent()
                            ? ReadModelStatus.State.REPLAYING
                            : ReadModelStatus.State.BACKFILLING;
                return new ReadModelStatus(
                    model.name(),
                    activeGeneration,
                    row.building(),
                    state,
                    Optional.of(
                        new ReadModelStatus.Progress(
                            buildingGeneration,
                            startedAt,
                            replayed,
                            rate,
                            lag,
                            atLeast,
                            eta,
                            built.manualSwitch(),
                            built.caughtUpAt())),
                    lastSwitch,
                    generations);
              });
    }
  }

  /** A read model or generation this node does not know. */
  public static final class UnknownReadModel extends RuntimeException {
    UnknownReadModel(String message) {
      super(message);
    }
  }

  /** An operation the model's generations do not allow now. */
  public static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message);
    }
  }
}
