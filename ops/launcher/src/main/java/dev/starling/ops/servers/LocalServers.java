package dev.starling.ops.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A Cassandra and a Kafka started side by side: each start mostly waits on its own JVM's start-up,
 * so together they take little longer than the slower one alone.
 *
 * @param cassandra the Cassandra started, or {@code null} when none was started here (one already
 *     running is used instead)
 * @param kafka the Kafka started, or {@code null} likewise
 */
public record LocalServers(CassandraServer cassandra, KafkaServer kafka) implements AutoCloseable {

  /**
   * Runs both starts at once. If one fails, the other server is stopped again and the failure
   * rethrown. A start may return {@code null} to start nothing.
   */
  public static LocalServers startInParallel(
      Supplier<CassandraServer> cassandra, Supplier<KafkaServer> kafka) {
    CompletableFuture<CassandraServer> startingCassandra = Concurrently.supply(cassandra);
    CompletableFuture<KafkaServer> startingKafka = Concurrently.supply(kafka);
    try {
      Concurrently.awaitAll(startingCassandra, startingKafka);
    } catch (RuntimeException e) {
      new LocalServers(startedOrNull(startingCassandra), startedOrNull(startingKafka)).close();
      throw e;
    }
    return new LocalServers(startingCassandra.join(), startingKafka.join());
  }

  /** Stops both at once. */
  @Override
  public void close() {
    List<AutoCloseable> started = new ArrayList<>();
    if (cassandra != null) {
      started.add(cassandra);
    }
    if (kafka != null) {
      started.add(kafka);
    }
    Concurrently.closeAll(started);
  }

  private static <T> T startedOrNull(CompletableFuture<T> start) {
    return start.isCompletedExceptionally() ? null : start.join();
  }
}
