package dev.starling.read.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The node's Cassandra session for read models and tokens, with the keyspace it works in.
 * Repositories prepare their statements once through {@link #prepare} and run them async. Every
 * statement sent is counted ({@link #statementsSent}), so the cost of a request in round trips is a
 * metric rather than a guess.
 */
public final class Cql {
  private final CqlSession session;
  private final String keyspace;
  private final LongAdder statementsSent = new LongAdder();

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

  /** Statements sent through this object since it was made (a batch counts once). */
  public long statementsSent() {
    return statementsSent.sum();
  }

  /** Prepares {@code cql} after replacing {@code ${keyspace}} with this node's keyspace. */
  public PreparedStatement prepare(String cql) {
    return session.prepare(cql.replace("${keyspace}", keyspace));
  }

  public CompletionStage<AsyncResultSet> execute(PreparedStatement statement, Object... values) {
    return send(statement.bind(values));
  }

  public CompletionStage<Void> run(PreparedStatement statement, Object... values) {
    return execute(statement, values).thenApply(rs -> null);
  }

  public CompletionStage<Void> run(BoundStatement statement) {
    return send(statement).thenApply(rs -> null);
  }

  /**
   * Runs the statements as one unlogged batch. Meant for statements on a single partition, which
   * Cassandra applies atomically and in isolation.
   */
  public CompletionStage<Void> runBatch(List<BoundStatement> statements) {
    return send(BatchStatement.newInstance(BatchType.UNLOGGED).addAll(statements))
        .thenApply(rs -> null);
  }

  /** All rows of a query, following driver pages; meant for bounded queries. */
  public <T> CompletionStage<List<T>> list(
      PreparedStatement statement, Function<Row, T> mapper, Object... values) {
    return execute(statement, values).thenCompose(rs -> collect(rs, mapper, new ArrayList<>()));
  }

  public <T> CompletionStage<Optional<T>> one(
      PreparedStatement statement, Function<Row, T> mapper, Object... values) {
    return execute(statement, values).thenApply(rs -> Optional.ofNullable(rs.one()).map(mapper));
  }

  private CompletionStage<AsyncResultSet> send(Statement<?> statement) {
    statementsSent.increment();
    return session.executeAsync(statement);
  }

  private <T> CompletionStage<List<T>> collect(
      AsyncResultSet rs, Function<Row, T> mapper, List<T> into) {
    for (Row row : rs.currentPage()) {
      into.add(mapper.apply(row));
    }
    if (rs.hasMorePages()) {
      statementsSent.increment();
      return rs.fetchNextPage().thenCompose(next -> collect(next, mapper, into));
    }
    return CompletableFuture.completedFuture(into);
  }
}
