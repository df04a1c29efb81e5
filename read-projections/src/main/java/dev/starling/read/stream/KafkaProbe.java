package dev.starling.read.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the node's Kafka answers, for readiness, without ever making readiness wait for Kafka:
 * {@link #reachable()} answers what the last metadata request found and starts the next one unless
 * one is still in flight. One long-lived admin client, which reconnects by itself.
 */
public final class KafkaProbe implements AutoCloseable {
  private final Admin admin;
  private final int timeoutMs;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean lastKnown;

  public KafkaProbe(Topics topics) {
    this.admin = Admin.create(topics.clientProperties());
    this.timeoutMs = (int) topics.requestTimeout().toMillis();
  }

  /** The last probe's answer (false before the first one answered); never blocks. */
  public boolean reachable() {
    if (probing.compareAndSet(false, true)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
          .nodes()
          .toCompletionStage()
          .thenApply(nodes -> !nodes.isEmpty())
          .exceptionally(failure -> false)
          .thenAccept(
              answered -> {
                lastKnown = answered;
                probing.set(false);
              });
    }
    return lastKnown;
  }

  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
