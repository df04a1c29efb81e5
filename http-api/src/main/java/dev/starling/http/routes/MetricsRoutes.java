package dev.starling.http.routes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics} in Prometheus text format, and the timing of every request. */
public final class MetricsRoutes extends AllDirectives {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public MetricsRoutes() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Publishes {@code starling_cassandra_statements_total}: every statement the read side sent, so
   * its rate divided by the request rate is the cost of a request in round trips.
   */
  public void countStatements(LongSupplier statementsSent) {
    FunctionCounter.builder(
            "starling.cassandra.statements", statementsSent, LongSupplier::getAsLong)
        .description("Statements the read side sent to Cassandra (a batch counts once)")
        .register(registry);
  }

  /** Publishes {@code starling_fanout_deliveries_total}: home timeline rows fan-out wrote. */
  public void countDeliveries(LongSupplier deliveriesWritten) {
    FunctionCounter.builder(
            "starling.fanout.deliveries", deliveriesWritten, LongSupplier::getAsLong)
        .description("Home timeline rows this node's fan-out wrote (added or removed)")
        .register(registry);
  }

  public Route routes() {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create()
                            .withEntity(
                                HttpEntities.create(
                                    ContentTypes.TEXT_PLAIN_UTF8, registry.scrape())))));
  }

  /** Records {@code http_server_requests} by method and status around {@code inner}. */
  public Route timed(Supplier<Route> inner) {
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          return mapResponse(
              response -> {
                Timer.builder("http.server.requests")
                    .tag("method", request.method().name())
                    .tag("status", Integer.toString(response.status().intValue()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return response;
              },
              inner);
        });
  }
}
