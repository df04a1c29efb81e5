package dev.starling.http.routes;

import dev.starling.app.ReadThrottle;
import dev.starling.read.projection.InstanceStatus;
import dev.starling.read.projection.ProjectionControl;
import dev.starling.read.stream.ConsumerLag;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics} in Prometheus text format, and the timing of every request. */
public final class MetricsRoutes extends AllDirectives {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<LongSupplier> counterSources = new CopyOnWriteArrayList<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final RouteTemplates routeTemplates = RouteTemplates.fromOpenApi();
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

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
    count(
        "starling.cassandra.statements",
        "Statements the read side sent to Cassandra (a batch counts once)",
        statementsSent);
  }

  /**
   * Publishes {@code starling_cassandra_statements_by_table_total} with {@code verb} and {@code
   * table} labels: where the statements of {@code starling_cassandra_statements_total} go. {@code
   * sent} answers the counts so far keyed by {@code [verb, table]}; a kind gets its counter at the
   * first scrape after its first statement.
   */
  public void countStatementsByKind(Supplier<Map<List<String>, Long>> sent) {
    var latest = new ConcurrentHashMap<List<String>, Long>();
    onScrape(
        () ->
            sent.get()
                .forEach(
                    (kind, count) -> {
                      if (latest.put(kind, count) == null) {
                        FunctionCounter.builder(
                                "starling.cassandra.statements.by.table",
                                latest,
                                all -> all.getOrDefault(kind, 0L))
                            .description("Statements the read side sent, by verb and table")
                            .tag("verb", kind.get(0))
                            .tag("table", kind.get(1))
                            .register(registry);
                      }
                    }));
  }

  /** Publishes {@code starling_fanout_deliveries_total}: home timeline rows fan-out wrote. */
  public void countDeliveries(LongSupplier deliveriesWritten) {
    count(
        "starling.fanout.deliveries",
        "Home timeline rows this node's fan-out wrote (added or removed)",
        deliveriesWritten);
  }

  /**
   * Publishes, per projection instance ({@code projection}, {@code instance} labels), what the
   * control last read of it: {@code starling_projection_failed} (1 while stopped on an event),
   * {@code starling_projection_paused} (1 while paused or stopped), {@code
   * starling_projection_lag_events}, {@code starling_projection_lag_seconds} and {@code
   * starling_projection_skipped_events} (skips on record). NaN until first read.
   */
  public void watchProjections(ProjectionControl control) {
    control
        .projections()
        .forEach(
            (projection, instances) ->
                instances.forEach(
                    instance -> {
                      gauge(
                          "starling.projection.failed",
                          "1 while the instance is stopped on an event it kept failing on",
                          control,
                          projection,
                          instance,
                          s -> s.state() == InstanceStatus.State.STOPPED ? 1 : 0);
                      gauge(
                          "starling.projection.paused",
                          "1 while the instance is paused (by an operator or stopped on an event)",
                          control,
                          projection,
                          instance,
                          s -> s.state() == InstanceStatus.State.RUNNING ? 0 : 1);
                      gauge(
                          "starling.projection.lag.events",
                          "Events of the instance's tag after its stored offset",
                          control,
                          projection,
                          instance,
                          s -> s.lag().events());
                      gauge(
                          "starling.projection.lag.seconds",
                          "Age of the oldest event of the instance's tag after its stored offset",
                          control,
                          projection,
                          instance,
                          s -> s.lag().behind().toMillis() / 1000.0);
                      gauge(
                          "starling.projection.skipped.events",
                          "Events an operator skipped on the instance, as recorded",
                          control,
                          projection,
                          instance,
                          s -> s.skipped().size());
                    }));
  }

  /**
   * Publishes {@code starling_kafka_consumer_lag{consumer,topic,partition}}: records of each
   * partition the node's running Kafka consumers (search, trends) have not read yet, as their last
   * fetch saw it. Read from the consumers when scraped, at most every {@code interval}; a partition
   * appears once its consumer fetched from it.
   */
  public void watchConsumerLag(ConsumerLag consumers, Duration interval) {
    var throttle = new ReadThrottle(interval);
    var lags = new ConcurrentHashMap<List<String>, Double>();
    onScrape(
        () -> {
          if (!throttle.tryStart()) {
            return;
          }
          consumers
              .read()
              .whenComplete(
                  (read, failure) -> {
                    if (read != null) {
                      read.forEach(
                          lag -> {
                            var key =
                                List.of(
                                    lag.consumer(), lag.topic(), Integer.toString(lag.partition()));
                            if (lags.put(key, lag.records()) == null) {
                              Gauge.builder(
                                      "starling.kafka.consumer.lag",
                                      lags,
                                      all -> all.getOrDefault(key, Double.NaN))
                                  .strongReference(true)
                                  .description(
                                      "Records of the partition the consumer has not read yet, as"
                                          + " of its last fetch")
                                  .tag("consumer", key.get(0))
                                  .tag("topic", key.get(1))
                                  .tag("partition", key.get(2))
                                  .register(registry);
                            }
                          });
                    }
                    throttle.done();
                  });
        });
  }

  private void gauge(
      String name,
      String description,
      ProjectionControl control,
      String projection,
      String instance,
      ToDoubleFunction<InstanceStatus> value) {
    Gauge.builder(
            name,
            control,
            c -> c.latest(projection, instance).map(value::applyAsDouble).orElse(Double.NaN))
        .strongReference(true)
        .description(description)
        .tag("projection", projection)
        .tag("instance", instance)
        .register(registry);
  }

  /**
   * A counter read from {@code source}. Micrometer holds a function counter's source weakly, so
   * this object keeps it: a lambda held by nobody else would be collected and the counter stop.
   */
  private void count(String name, String description, LongSupplier source) {
    counterSources.add(source);
    FunctionCounter.builder(name, source, LongSupplier::getAsLong)
        .description(description)
        .register(registry);
  }

  /**
   * Runs {@code action} on every scrape before the registry is read: meters whose source is
   * expensive start a read there when theirs is stale, and show what the last read found.
   */
  public void onScrape(Runnable action) {
    beforeScrape.add(action);
  }

  private String scrape() {
    beforeScrape.forEach(Runnable::run);
    return registry.scrape();
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
                                HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, scrape())))));
  }

  /** The registry, for meters other parts of the node publish on {@code /metrics}. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The request timer of a method, route template and status, registered once (a lookup per request
   * is not free).
   */
  private Timer timer(String method, String route, int status) {
    return timers.computeIfAbsent(
        method + ' ' + route + ' ' + status,
        key ->
            Timer.builder("http.server.requests")
                .description("Requests by method, route template (or other) and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry));
  }

  /**
   * Records {@code http_server_requests} by method, route template (from the OpenAPI document;
   * {@code other} for a path it does not list) and status around the route {@code inner} gives for
   * the request's template (the request's span is named by it too).
   */
  public Route timed(Function<String, Route> inner) {
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          String route = routeTemplates.match(request.getUri().path());
          return mapResponse(
              response -> {
                timer(request.method().name(), route, response.status().intValue())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return response;
              },
              () -> inner.apply(route));
        });
  }
}
