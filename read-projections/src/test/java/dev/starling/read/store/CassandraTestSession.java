package dev.starling.read.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.starling.ops.testing.RealServers;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A driver session on the test JVM's real Cassandra, with a fresh keyspace of its own. */
public final class CassandraTestSession implements AutoCloseable {
  private final CqlSession session;
  private final Cql cql;

  public CassandraTestSession(Class<?> testClass) {
    session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", RealServers.cassandraPort()))
            .withLocalDatacenter("datacenter1")
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                    .build())
            .build();
    String keyspace = RealServers.uniqueName(testClass);
    Schema.create(session, keyspace, 1);
    cql = new Cql(session, keyspace);
  }

  public Cql cql() {
    return cql;
  }

  @Override
  public void close() {
    session.execute(
        SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + cql.keyspace())
            .setTimeout(Duration.ofSeconds(30)));
    session.close();
  }
}
