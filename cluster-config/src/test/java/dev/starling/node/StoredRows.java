package dev.starling.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.starling.ops.testing.RealServers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a node stored, for the few end-to-end assertions that must tell how something reached
 * a reader (fanned out or merged at read time), which the API deliberately hides.
 */
final class StoredRows implements AutoCloseable {
  private final CqlSession session;
  private final String keyspace;

  StoredRows(String keyspace) {
    this.keyspace = keyspace;
    session = session();
  }

  /** Drops a test class's keyspace once its node has stopped. */
  static void dropKeyspace(String keyspace) {
    try (var session = session()) {
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
              .setTimeout(Duration.ofSeconds(60)));
    }
  }

  /** A driver session on the test Cassandra, without schema metadata (no keyspace chosen). */
  static CqlSession session() {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", RealServers.cassandraPort()))
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .build())
        .build();
  }

  /** Rows of {@code cql}, where {@code ${keyspace}} is the node's keyspace. */
  List<Row> query(String cql, Object... values) {
    var rows = new ArrayList<Row>();
    session
        .execute(session.prepare(cql.replace("${keyspace}", keyspace)).bind(values))
        .forEach(rows::add);
    return rows;
  }

  @Override
  public void close() {
    session.close();
  }
}
