package dev.starling.ops.bench.metrics;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.http.HttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Reads one counter of the node, summed over its label sets, from its {@code GET /metrics}. Empty
 * when the node does not expose it (yet): a benchmark then says n/a instead of failing.
 */
public final class NodeCounter implements Closeable {
  /** Every statement the node's read side sent to Cassandra. */
  public static final String STATEMENTS = "starling_cassandra_statements_total";

  /** Home-timeline rows written by fan-out. */
  public static final String FANOUT_DELIVERIES = "starling_fanout_deliveries_total";

  private final String metric;
  private final HttpConnection connection;
  private final byte[] scrape;

  public NodeCounter(Endpoint endpoint, String metric) {
    this.metric = metric;
    this.connection = new HttpConnection(endpoint, Duration.ofSeconds(30));
    this.scrape = HttpRequest.get("/metrics").encode(endpoint.hostHeader());
  }

  public OptionalDouble read() {
    try {
      HttpResponse response = connection.exchange(scrape, true);
      return response.status() == 200
          ? PrometheusText.sum(response.bodyText(), metric)
          : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
