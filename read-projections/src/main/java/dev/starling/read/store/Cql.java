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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The node's Cassandra session for read models and tokens, with the keyspace it works in.
 * Repositories prepare their statements once through {@link #prepare} and run them async. Every
 * statement sent is counted ({@link #statementsSent}), in total and by kind and table ({@link
 * #statementsSentByKind}), so the cost of a request in round trips is a metric rather than a guess,
 * and so is where those trips go.
 */
public final class Cql {
  /**
   * What a statement does, {@code select}, {@code insert}, {@code update}, {@code delete} or {@code
   * batch}, and the table it does it to (a batch: its first statement's).
   */
  public record StatementKind(String verb, String table) {}

  private static final Pattern TABLE =
      Pattern.compile(
          "\\b(?:from|into|update)\\s+(?:\"?\\w+\"?\\.)?\"?(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final StatementKind UNKNOWN = new StatementKind("other", "unknown");

  private final CqlSession session;
  private final String keyspace;
  private final Map<String, StatementKind> kindOfQuery = new ConcurrentHashMap<>();
  private final Map<StatementKind, LongAdder> sentByKind = new ConcurrentHashMap<>();

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
    return sentByKind.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Statements sent through this object since it was made, by kind and table. */
  public Map<StatementKind, Long> statementsSentByKind() {
    var sent = new HashMap<StatementKind, Long>();
    sentByKind.forEach((kind, count) -> sent.put(kind, count.sum()));
    return sent;
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
    var kind = kindOf(statement.getQuery());
    return execute(statement, values)
        .thenCompose(rs -> collect(rs, kind, mapper, new ArrayList<>()));
  }

  public <T> CompletionStage<Optional<T>> one(
      PreparedStatement statement, Function<Row, T> mapper, Object... values) {
    return execute(statement, values).thenApply(rs -> Optional.ofNullable(rs.one()).map(mapper));
  }

  private CompletionStage<AsyncResultSet> send(Statement<?> statement) {
    counted(kindOf(statement));
    return session.executeAsync(statement);
  }

  private <T> CompletionStage<List<T>> collect(
      AsyncResultSet rs, StatementKind kind, Function<Row, T> mapper, List<T> into) {
    for (Row row : rs.currentPage()) {
      into.add(mapper.apply(row));
    }
    if (rs.hasMorePages()) {
      counted(kind);
      return rs.fetchNextPage().thenCompose(next -> collect(next, kind, mapper, into));
    }
    return CompletableFuture.completedFuture(into);
  }

  private void counted(StatementKind kind) {
    sentByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private StatementKind kindOf(Statement<?> statement) {
    if (statement instanceof BoundStatement bound) {
      return kindOf(bound.getPreparedStatement().getQuery());
    }
    if (statement instanceof BatchStatement batch && batch.size() > 0) {
      return new StatementKind("batch", kindOf(batch.iterator().next()).table());
    }
    return UNKNOWN;
  }

  /** The kind of a query string; each distinct string is parsed once. */
  private StatementKind kindOf(String query) {
    return kindOfQuery.computeIfAbsent(query, Cql::parseKind);
  }

  static StatementKind parseKind(String query) {
    String trimmed = query.strip();
    int space = trimmed.indexOf(' ');
    var table = TABLE.matcher(trimmed);
    if (space < 0 || !table.find()) {
      return UNKNOWN;
    }
    return new StatementKind(
        trimmed.substring(0, space).toLowerCase(Locale.ROOT),
        table.group(1).toLowerCase(Locale.ROOT));
  }
}
