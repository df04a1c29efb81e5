package dev.starling.read.stream;

import dev.starling.common.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.pekko.kafka.javadsl.Consumer;

/**
 * The Kafka consumers this node runs (search, trends), by name, and how far each is behind: the
 * consumer's own {@code records-lag} per topic partition (the partition's end offset minus the
 * consumer's position, as of its latest fetch). A consumer is listed only once it started.
 */
public final class ConsumerLag {
  /** Records of {@code topic}'s {@code partition} the consumer has not read yet. */
  public record Lag(String consumer, String topic, int partition, double records) {}

  private final Map<String, Supplier<Consumer.Control>> consumers = new ConcurrentHashMap<>();

  /** Registers a running consumer; {@code control} gives its current stream (it may restart). */
  public void add(String name, Supplier<Consumer.Control> control) {
    consumers.put(name, control);
  }

  /** The lag of every partition of every running consumer that fetched from it. */
  public CompletionStage<List<Lag>> read() {
    var reads = new ArrayList<CompletableFuture<List<Lag>>>();
    consumers.forEach(
        (name, control) -> {
          Consumer.Control current = control.get();
          if (current != null) {
            reads.add(
                Stages.plain(current.getMetrics())
                    .thenApply(metrics -> lags(name, metrics))
                    // a consumer that does not answer (stopping, restarting) is left out of this
                    // read rather than holding up the next ones
                    .completeOnTimeout(List.of(), 5, TimeUnit.SECONDS)
                    .exceptionally(e -> List.of()));
          }
        });
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> reads.stream().flatMap(read -> read.join().stream()).toList());
  }

  private static List<Lag> lags(String consumer, Map<MetricName, Metric> metrics) {
    var lags = new ArrayList<Lag>();
    metrics.forEach(
        (name, metric) -> {
          if (name.name().equals("records-lag")
              && name.group().equals("consumer-fetch-manager-metrics")
              && name.tags().containsKey("topic")
              && name.tags().containsKey("partition")
              && metric.metricValue() instanceof Number value
              && !Double.isNaN(value.doubleValue())) {
            lags.add(
                new Lag(
                    consumer,
                    name.tags().get("topic"),
                    Integer.parseInt(name.tags().get("partition")),
                    value.doubleValue()));
          }
        });
    return lags;
  }
}
