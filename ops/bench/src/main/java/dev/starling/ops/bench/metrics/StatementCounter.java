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
 * Reads how many statements the node has sent to Cassandra so far, from its {@code GET /metrics}.
 * Empty when the node does not expose the counter.
 */
public final class StatementCounter implements Closeable {
  public static final String METRIC = "starling_cassandra_statements_total";

  private final HttpConnection connection;
  private final byte[] scrape;

  public StatementCounter(Endpoint endpoint) {
    this.connection = new HttpConnection(endpoint, Duration.ofSeconds(30));
    this.scrape = HttpRequest.get("/metrics").encode(endpoint.hostHeader());
  }

  public OptionalDouble read() {
    try {
      HttpResponse response = connection.exchange(scrape, true);
      return response.status() == 200
          ? PrometheusText.sum(response.bodyText(), METRIC)
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
