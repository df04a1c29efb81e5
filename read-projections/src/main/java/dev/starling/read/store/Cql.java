package dev.starling.read.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The node's Cassandra session for read models and tokens, with the keyspace it works in.
 * Repositories prepare their statements once through {@link #prepare} and run them async.
 */
public final class Cql {
  private final CqlSession session;
  private final String keyspace;

  public Cql(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  public String keyspace() {
    return keyspace;
  }

  public CqlSession session() {
    return session;
  }

  /** Prepares {@code cql} after replacing {@code ${keyspace}} with this node's keyspace. */
  public PreparedStatement prepare(String cql) {
    return session.prepare(cql.replace("${keyspace}", keyspace));
  }

  public CompletionStage<AsyncResultSet> execute(PreparedStatement statement, Object... values) {
    return session.executeAsync(statement.bind(values));
  }

  public CompletionStage<Void> run(PreparedStatement statement, Object... values) {
    return execute(statement, values).thenApply(rs -> null);
  }

  /** All rows of a query, following driver pages; meant for bounded queries. */
  public <T> CompletionStage<List<T>> list(
      PreparedStatement statement, Function<Row, T> mapper, Object... values) {
    return execute(statement, values).thenCompose(rs -> collect(rs, mapper, new ArrayList<>()));
  }

  private static <T> CompletionStage<List<T>> collect(
      AsyncResultSet rs, Function<Row, T> mapper, List<T> into) {
    for (Row row : rs.currentPage()) {
      into.add(mapper.apply(row));
    }
    if (rs.hasMorePages()) {
      return rs.fetchNextPage().thenCompose(next -> collect(next, mapper, into));
    }
    return CompletableFuture.completedFuture(into);
  }

  public <T> CompletionStage<java.util.Optional<T>> one(
      PreparedStatement statement, Function<Row, T> mapper, Object... values) {
    return execute(statement, values)
        .thenApply(rs -> java.util.Optional.ofNullable(rs.one()).map(mapper));
  }
}
