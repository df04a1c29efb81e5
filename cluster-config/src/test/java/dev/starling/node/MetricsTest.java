package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code /metrics} shows an operator, and the Pekko Management probes a Kubernetes kubelet
 * asks, on one node with the event stream on.
 */
@ExtendWith(RealServersExtension.class)
class MetricsTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    var settings = new HashMap<String, Object>(NodeFixture.EVENT_STREAM);
    settings.put("starling.management.enabled", true);
    settings.put("pekko.management.http.port", 0);
    node = new NodeFixture(MetricsTest.class, settings);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String scrape() {
    var metrics = api.send("GET", "/metrics", null, null, null, Map.of());
    assertEquals(200, metrics.status());
    return metrics.raw().body();
  }

  /** The value of the series whose line starts with {@code series} (name and labels), if any. */
  private static OptionalDouble value(String body, String series) {
    return body.lines()
        .filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  @Test
  void managementProbesAnswerOnTheirOwnPortAndReadyIsTheNodesReadiness() throws Exception {
    int port = node.node().managementPort().orElseThrow();
    assertTrue(port != node.node().httpPort());
    var http = HttpClient.newHttpClient();
    for (String path : new String[] {"/alive", "/ready"}) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), path + ": " + response.body());
    }
    // the same answer as the API's own readiness route
    assertEquals(200, api.get("/health/ready", null).status());
    var unknown =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users/me"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode(), "management serves the probes, not the API");
  }

  @Test
  void requestLatencyIsTaggedWithTheRouteTemplateAndUnknownPathsAreOther() {
    var alice = api.register("alice_mt");
    String tweetId = api.tweetId(alice, "measure me");
    assertEquals(
        200,
        api.send("POST", "/api/v1/tweets/" + tweetId + "/like", alice.token(), null, null, Map.of())
            .status());
    assertEquals(200, api.get("/api/v1/tweets/" + tweetId, alice.token()).status());
    assertEquals(200, api.get("/api/v1/users/me", alice.token()).status());
    assertEquals(200, api.get("/api/v1/users/" + alice.id(), alice.token()).status());
    assertEquals(404, api.get("/api/v1/junk_mt/" + tweetId, alice.token()).status());
    assertEquals(404, api.get("/wp-admin/junk_mt.php", null).status());

    String body = scrape();
    for (String series :
        new String[] {
          "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/tweets/{id}/like\","
              + "status=\"200\"}",
          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/tweets/{id}\","
              + "status=\"200\"}",
          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/users/me\","
              + "status=\"200\"}",
          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/users/{id}\","
              + "status=\"200\"}",
          "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/tweets\","
              + "status=\"201\"}",
          "http_server_requests_seconds_count{method=\"GET\",route=\"other\",status=\"404\"}",
        }) {
      assertTrue(value(body, series).orElse(0) >= 1, () -> series + " not on /metrics:\n" + body);
    }
    assertTrue(
        body.contains(
            "http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/tweets/{id}\","
                + "status=\"200\",le=\""),
        "latency histogram buckets per route");
    assertFalse(body.contains("junk_mt"), "a raw path made a series");
    assertFalse(body.contains(tweetId), "an id made a series");
  }

  @Test
  void entityAsksAreTimedPerTypeAndOutcomeAndLiveEntitiesCountedPerType() {
    var bob = api.register("bob_mt");
    api.tweetId(bob, "an ask of a Tweet entity");
    String body = scrape();
    assertTrue(
        value(body, "starling_entity_ask_seconds_count{outcome=\"replied\",type=\"Tweet\"}")
                .orElse(0)
            >= 1,
        body);
    assertTrue(
        value(body, "starling_entity_ask_seconds_count{outcome=\"replied\",type=\"User\"}")
                .orElse(0)
            >= 1,
        body);
    assertTrue(
        body.contains("starling_entity_ask_seconds_bucket{outcome=\"replied\",type=\"Tweet\""));

    // read when scraped, so the first scrape after the entities started may show the older read
    Eventually.within(
        Eventually.BOUND,
        MetricsTest::scrape,
        scrape ->
            value(scrape, "starling_entities{type=\"User\"}").orElse(0) >= 1
                && value(scrape, "starling_entities{type=\"Tweet\"}").orElse(0) >= 1);
  }

  @Test
  void readSideCachesPublishTheirHitsAndMissesUnderACacheTag() {
    var carol = api.register("carol_mt");
    String tweetId = api.tweetId(carol, "read me twice");
    assertEquals(200, api.get("/api/v1/tweets/" + tweetId, carol.token()).status());
    assertEquals(200, api.get("/api/v1/tweets/" + tweetId, carol.token()).status());
    String body = scrape();
    assertTrue(
        value(body, "cache_gets_total{cache=\"tweets\",result=\"hit\"}").orElse(0) >= 1, body);
    for (String cache :
        new String[] {
          "tweets",
          "users",
          "user-counts",
          "tweet-flags",
          "relations",
          "hot-homes",
          "hot-authors",
          "friends-of-friends"
        }) {
      assertTrue(
          value(body, "cache_gets_total{cache=\"" + cache + "\",result=\"miss\"}").isPresent(),
          () -> cache + " not bound:\n" + body);
    }
  }

  @Test
  void theLagOfTheRunningKafkaConsumersIsPublishedPerPartition() {
    var dave = api.register("dave_mt");
    api.tweetId(dave, "something to consume");
    Eventually.within(
        Eventually.BOUND,
        MetricsTest::scrape,
        scrape ->
            lagSeries(scrape, "search").anyMatch(line -> !line.endsWith("NaN"))
                && lagSeries(scrape, "trends").anyMatch(line -> !line.endsWith("NaN")));
  }

  private static java.util.stream.Stream<String> lagSeries(String body, String consumer) {
    return body.lines()
        .filter(
            line -> line.startsWith("starling_kafka_consumer_lag{consumer=\"" + consumer + "\","))
        .filter(line -> line.contains("partition=\"") && line.contains("topic=\""));
  }
}
