package dev.starling.read.generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A read model that can be rebuilt from the journal into fresh tables ({@link ReadModels}): its
 * name, the schema script that creates its tables, those tables' names, the projections that feed
 * it, and how to build its repository over one generation's tables. Making a model replayable is
 * this declaration; the machinery is shared.
 *
 * @param initial what a node starting for the first time does: {@link Initial#LIVE} serves
 *     generation 0 (the plain table names) fed from the first event; {@link Initial#EMPTY} — a
 *     model added after the events it needs were written — serves nothing until a backfill built it
 */
public record ReplayableModel<R>(
    String name,
    String schemaScript,
    List<String> tables,
    Initial initial,
    Function<Map<String, String>, R> repository,
    List<Feed<R>> feeds) {

  public enum Initial {
    LIVE,
    EMPTY
  }

  public ReplayableModel {
    tables = List.copyOf(tables);
    feeds = List.copyOf(feeds);
  }

  /** The same model, starting as {@code initial} says. */
  public ReplayableModel<R> startingAs(Initial initial) {
    return new ReplayableModel<>(name, schemaScript, tables, initial, repository, feeds);
  }

  /** Each table's name in {@code generation}: as declared in 0, suffixed {@code _g<N>} after. */
  public Map<String, String> tablesOf(int generation) {
    var named = new LinkedHashMap<String, String>();
    tables.forEach(table -> named.put(table, generation == 0 ? table : table + "_g" + generation));
    return named;
  }

  public R repositoryOf(int generation) {
    return repository.apply(tablesOf(generation));
  }

  /**
   * A feed's projection name in {@code generation}: the plain name in 0, so the projections and
   * offsets that existed before generations keep theirs; {@code <name>@g<N>} after.
   */
  public static String projectionName(String projection, int generation) {
    return generation == 0 ? projection : projection + "@g" + generation;
  }
}
