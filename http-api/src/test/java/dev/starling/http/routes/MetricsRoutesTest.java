package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.http.testing.JUnit5RouteTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}, built for real: Prometheus text with the JVM meters, the counters the node
 * publishes read at scrape time, and request timings labelled by route template, not raw path.
 */
class MetricsRoutesTest extends JUnit5RouteTest {
  private final MetricsRoutes metrics = new MetricsRoutes();

  private String scrape() {
    return served(metrics.routes())
        .run(HttpRequest.GET("/metrics"))
        .assertStatusCode(200)
        .assertMediaType("text/plain")
        .entityString();
  }

  private static List<String> samples(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name)).toList();
  }

  @Test
  void aScrapeIsPrometheusTextWithTheJvmMeters() {
    String scrape = scrape();
    assertTrue(scrape.contains("# TYPE jvm_memory_used_bytes gauge"), scrape);
    assertTrue(scrape.contains("# TYPE process_uptime_seconds gauge"), scrape);
    assertTrue(scrape.contains("# TYPE jvm_threads_live_threads gauge"), scrape);
  }

  @Test
  void countersAreReadFromTheirSourcesAtEachScrapeAfterTheScrapeHooksRan() {
    var statements = new AtomicLong(41);
    var hooks = new AtomicInteger();
    metrics.countStatements(statements::get);
    metrics.countDeliveries(() -> 7);
    metrics.onScrape(() -> statements.set(40 + hooks.incrementAndGet()));
    assertEquals(
        List.of("starling_cassandra_statements_total 41.0"),
        samples(scrape(), "starling_cassandra_statements_total"));
    assertEquals(
        List.of("starling_cassandra_statements_total 42.0"),
        samples(scrape(), "starling_cassandra_statements_total"));
    assertEquals(
        List.of("starling_fanout_deliveries_total 7.0"),
        samples(scrape(), "starling_fanout_deliveries_total"));
  }

  @Test
  void statementsAreCountedByVerbAndTableOnceAKindHasBeenSent() {
    var sent = new ConcurrentHashMap<List<String>, Long>();
    metrics.countStatementsByKind(() -> Map.copyOf(sent));
    assertEquals(List.of(), samples(scrape(), "starling_cassandra_statements_by_table_total"));
    sent.put(List.of("select", "home_timeline"), 3L);
    sent.put(List.of("batch", "home_timeline"), 2L);
    sent.put(List.of("select", "home_timeline"), 5L);
    assertEquals(
        List.of(
            "starling_cassandra_statements_by_table_total{table=\"home_timeline\",verb=\"batch\"}"
                + " 2.0",
            "starling_cassandra_statements_by_table_total{table=\"home_timeline\",verb=\"select\"}"
                + " 5.0"),
        samples(scrape(), "starling_cassandra_statements_by_table_total").stream()
            .sorted()
            .toList());
  }

  @Test
  void requestsAreTimedByMethodRouteTemplateAndStatus() {
    Route api =
        metrics.timed(
            template ->
                concat(
                    metrics.routes(),
                    pathPrefix("api", () -> complete(StatusCodes.OK)),
                    complete(StatusCodes.NOT_FOUND)));
    served(api).run(HttpRequest.GET("/api/v1/tweets/123")).assertStatusCode(200);
    served(api).run(HttpRequest.GET("/api/v1/tweets/456")).assertStatusCode(200);
    served(api).run(HttpRequest.GET("/wp-admin/setup.php")).assertStatusCode(404);
    String scrape =
        served(api).run(HttpRequest.GET("/metrics")).assertStatusCode(200).entityString();
    var counts = samples(scrape, "http_server_requests_seconds_count");
    assertEquals(
        List.of(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/tweets/{id}\",status=\"200\"}"
                + " 2",
            "http_server_requests_seconds_count{method=\"GET\",route=\"other\",status=\"404\"} 1"),
        counts.stream().sorted().toList(),
        scrape);
  }

  @Test
  void anotherMethodIs405() {
    assertProblem(served(metrics.routes()).run(HttpRequest.POST("/metrics")), 405, "");
  }
}
