package dev.starling.read.generation;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.starling.read.store.Cql;
import dev.starling.read.store.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The generation rows of the replayable read models ({@code generation.cql}) and the DDL of a
 * generation's tables. What queries read changes only through {@link #switchTo}, a lightweight
 * transaction on the model's row, so a switch happens once however many nodes try it.
 */
final class Generations {
  static final int NONE = -1;

  private final Cql cql;
  private final PreparedStatement create;
  private final PreparedStatement createZero;
  private final PreparedStatement read;
  private final PreparedStatement startBuilding;
  private final PreparedStatement started;
  private final PreparedStatement caughtUp;
  private final PreparedStatement switchActive;
  private final PreparedStatement switched;
  private final PreparedStatement dropped;
  private final PreparedStatement addProgress;
  private final PreparedStatement progress;

  Generations(Cql cql) {
    this.cql = cql;
    String table = "${keyspace}.read_model_generations";
    create =
        cql.prepare("INSERT INTO " + table + " (read_model, active) VALUES (?, ?) IF NOT EXISTS");
    createZero = cql.prepare("INSERT INTO " + table + " (read_model, generation) VALUES (?, 0)");
    read =
        cql.prepare(
            "SELECT active, building, generation, started_at, manual_switch, caught_up_at,"
                + " switched_at, switched_from, dropped_at FROM "
                + table
                + " WHERE read_model = ?");
    startBuilding =
        cql.prepare(
            "UPDATE "
                + table
                + " SET building = ? WHERE read_model = ? IF building = null AND active = ?");
    started =
        cql.prepare(
            "INSERT INTO "
                + table
                + " (read_model, generation, started_at, manual_switch) VALUES (?, ?, ?, ?)");
    caughtUp =
        cql.prepare(
            "UPDATE " + table + " SET caught_up_at = ? WHERE read_model = ? AND generation = ?");
    switchActive =
        cql.prepare(
            "UPDATE "
                + table
                + " SET active = ?, building = null WHERE read_model = ? IF building = ?");
    switched =
        cql.prepare(
            "UPDATE "
                + table
                + " SET switched_at = ?, switched_from = ? WHERE read_model = ? AND generation ="
                + " ?");
    dropped =
        cql.prepare(
            "UPDATE " + table + " SET dropped_at = ? WHERE read_model = ? AND generation = ?");
    addProgress =
        cql.prepare(
            "UPDATE ${keyspace}.read_model_progress SET events = events + ?"
                + " WHERE read_model = ? AND generation = ?");
    progress =
        cql.prepare(
            "SELECT generation, events FROM ${keyspace}.read_model_progress WHERE read_model = ?");
  }

  /** A model's row: what is active and building, and every generation ever started. */
  record ModelRow(int active, Optional<Integer> building, List<GenerationRow> generations) {
    Optional<GenerationRow> generation(int number) {
      return generations.stream().filter(g -> g.generation() == number).findFirst();
    }

    int next() {
      return generations.stream().mapToInt(GenerationRow::generation).max().orElse(0) + 1;
    }
  }

  record GenerationRow(
      int generation,
      Optional<Instant> startedAt,
      boolean manualSwitch,
      Optional<Instant> caughtUpAt,
      Optional<Instant> switchedAt,
      Optional<Integer> switchedFrom,
      Optional<Instant> droppedAt) {}

  /** Creates the model's row once, the first time any node starts with the model. */
  void createIfAbsent(ReplayableModel<?> model) {
    boolean live = model.initial() == ReplayableModel.Initial.LIVE;
    cql.execute(create, model.name(), live ? 0 : NONE).toCompletableFuture().join();
    if (live) {
      cql.run(createZero, model.name()).toCompletableFuture().join();
    }
  }

  CompletionStage<ModelRow> read(String model) {
    return cql.execute(read, model)
        .thenCompose(first -> allRows(first, new ArrayList<>()))
        .thenApply(
            rows -> {
              int active = NONE;
              Optional<Integer> building = Optional.empty();
              List<GenerationRow> generations = new ArrayList<>();
              for (Row row : rows) {
                active = row.isNull("active") ? NONE : row.getInt("active");
                building =
                    row.isNull("building") ? Optional.empty() : Optional.of(row.getInt("building"));
                if (!row.isNull("generation")) {
                  generations.add(
                      new GenerationRow(
                          row.getInt("generation"),
                          Optional.ofNullable(row.getInstant("started_at")),
                          row.getBoolean("manual_switch"),
                          Optional.ofNullable(row.getInstant("caught_up_at")),
                          Optional.ofNullable(row.getInstant("switched_at")),
                          row.isNull("switched_from")
                              ? Optional.empty()
                              : Optional.of(row.getInt("switched_from")),
                          Optional.ofNullable(row.getInstant("dropped_at"))));
                }
              }
              return new ModelRow(active, building, generations);
            });
  }

  private CompletionStage<List<Row>> allRows(
      com.datastax.oss.driver.api.core.cql.AsyncResultSet rs, List<Row> into) {
    rs.currentPage().forEach(into::add);
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> allRows(next, into))
        : CompletableFuture.completedFuture(into);
  }

  /** Creates a generation's tables (idempotent, blocking until the schema agrees). */
  void createTables(ReplayableModel<?> model, int generation) {
    for (String ddl : Schema.tablesOf(model.schemaScript(), model.tablesOf(generation))) {
      execute(ddl);
    }
    cql.session().checkSchemaAgreement();
  }

  void dropTables(ReplayableModel<?> model, int generation) {
    for (String table : model.tablesOf(generation).values()) {
      execute("DROP TABLE IF EXISTS ${keyspace}." + table);
    }
    cql.session().checkSchemaAgreement();
  }

  private void execute(String ddl) {
    cql.session()
        .execute(
            SimpleStatement.newInstance(ddl.replace("${keyspace}", cql.keyspace()))
                .setTimeout(Duration.ofSeconds(30)));
  }

  /**
   * Marks {@code generation} as building, if nothing else is and {@code active} is still what the
   * caller read; true when this call did it.
   */
  CompletionStage<Boolean> startBuilding(
      String model, int active, int generation, boolean manualSwitch, Instant at) {
    return cql.execute(startBuilding, generation, model, active)
        .thenCompose(
            rs ->
                rs.wasApplied()
                    ? cql.run(started, model, generation, at, manualSwitch).thenApply(v -> true)
                    : CompletableFuture.completedFuture(false));
  }

  CompletionStage<Void> caughtUp(String model, int generation, Instant at) {
    return cql.run(caughtUp, at, model, generation);
  }

  /**
   * Makes {@code generation} the active one if it is still the one building; true when this call
   * switched.
   */
  CompletionStage<Boolean> switchTo(String model, int from, int generation, Instant at) {
    return cql.execute(switchActive, generation, model, generation)
        .thenCompose(
            rs ->
                rs.wasApplied()
                    ? cql.run(switched, at, from, model, generation).thenApply(v -> true)
                    : CompletableFuture.completedFuture(false));
  }

  CompletionStage<Void> dropped(String model, int generation, Instant at) {
    return cql.run(dropped, at, model, generation);
  }

  CompletionStage<Void> addProgress(String model, int generation, long events) {
    return cql.run(addProgress, events, model, generation);
  }

  /** Events replayed per generation. */
  CompletionStage<Map<Integer, Long>> progress(String model) {
    return cql.list(progress, row -> Map.entry(row.getInt(0), row.getLong(1)), model)
        .thenApply(
            entries -> {
              var byGeneration = new HashMap<Integer, Long>();
              entries.forEach(e -> byGeneration.put(e.getKey(), e.getValue()));
              return byGeneration;
            });
  }
}
