package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.app.Shards;
import dev.starling.common.Tags;
import dev.starling.common.tracing.TraceParent;
import dev.starling.node.OtlpReceiver.ReceivedSpan;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.projection.TracedEventsByTagCheck;
import dev.starling.tweet.Tweet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request's trace, as an OTLP receiver gets it from a node: the route's SERVER span continues the
 * caller's traceparent, the ask of the tweet entity is its child, and the projections that apply
 * the persisted event (timelines, notifications) continue the same trace below the entity's span,
 * the trace having travelled with the event through the journal. Then the same node with tracing
 * off (the default) sends nothing.
 */
@ExtendWith(RealServersExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracingTest {
  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private static OtlpReceiver receiver;
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    receiver = new OtlpReceiver();
    node =
        new NodeFixture(
            TracingTest.class,
            Map.of(
                "starling.tracing.enabled",
                true,
                "starling.tracing.otlp-endpoint",
                receiver.endpoint(),
                "starling.tracing.export-interval",
                "100ms"));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
    receiver.close();
  }

  private static ApiClient.Response post(ApiClient.Account author, String text, String trace) {
    return api.postJson(
        "/api/v1/tweets",
        author.token(),
        Map.of("text", text),
        Map.of("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01"));
  }

  private static Optional<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(span -> span.name().equals(name)).findFirst();
  }

  @Test
  @Order(1)
  void aPostIsOneTraceFromTheRouteThroughTheEntityToTheProjections() {
    var alice = api.register("alice");
    var bob = api.register("bob");
    api.follows(bob, alice);
    var posted = post(alice, "hello @bob", CALLER_TRACE);
    assertEquals(201, posted.status(), () -> posted.raw().body());
    String tweetId = posted.json().get("id").asText();

    // the projections apply the event a second or more after the post (eventual consistency
    // delay), and may still be starting on a loaded machine
    List<ReceivedSpan> trace =
        Eventually.within(
            Duration.ofSeconds(30),
            () ->
                receiver.spans().stream()
                    .filter(span -> span.traceId().equals(CALLER_TRACE))
                    .toList(),
            spans ->
                named(spans, "projection timelines").isPresent()
                    && named(spans, "projection notifications-tweets").isPresent());

    var route = named(trace, "POST /api/v1/tweets").orElseThrow(() -> new AssertionError(trace));
    assertEquals("SPAN_KIND_SERVER", route.kind());
    assertEquals(CALLER_SPAN, route.parentSpanId(), "the caller's traceparent is the parent");
    assertEquals("/api/v1/tweets", route.attributes().get("http.route"));
    assertEquals("POST", route.attributes().get("http.request.method"));
    assertEquals("201", route.attributes().get("http.response.status_code"));
    assertEquals("starling", route.resource().get("service.name"));
    assertTrue(
        route.resource().get("service.instance.id").startsWith("pekko://starling@"),
        () -> "the node's address: " + route.resource());

    var entity = named(trace, "entity Tweet Post").orElseThrow(() -> new AssertionError(trace));
    assertEquals("SPAN_KIND_CLIENT", entity.kind());
    assertEquals(route.spanId(), entity.parentSpanId(), "the ask is a child of the route's span");
    assertEquals("Tweet|" + tweetId, entity.attributes().get("starling.persistence_id"));

    for (String projection : List.of("timelines", "notifications-tweets")) {
      var applied = named(trace, "projection " + projection).orElseThrow();
      assertEquals("SPAN_KIND_CONSUMER", applied.kind());
      assertEquals(
          entity.spanId(),
          applied.parentSpanId(),
          projection + " applies the event the entity's span persisted");
      assertEquals("Tweet|" + tweetId, applied.attributes().get("starling.persistence_id"));
      assertEquals("Posted", applied.attributes().get("starling.event"));
    }

    // what the projections read: the event as eventsByTag delivers it, its trace (the entity's
    // span) beside it in the journal's metadata
    var system = node.node().system();
    String tag = Tags.forEntity(Tweet.AGGREGATE, tweetId, Tags.perAggregate(system));
    assertEquals(
        List.of(
            Optional.of(new TraceParent("00-" + CALLER_TRACE + "-" + entity.spanId() + "-01", ""))),
        TracedEventsByTagCheck.sameAsEventSourcedProvider(system, tag, 1));
  }

  @Test
  @Order(2)
  void aCommandAskedOfAnEntityOnAnotherNodeTravelsWithItsTrace() {
    var second = node.startAnotherNode(Map.of("starling.node-id", 2));
    try {
      node.awaitMembersUp(2, Eventually.BOUND);
      var author = api.register("erin");
      // new shards go to the node holding fewer once the second node's region has registered
      // with the coordinator (a moment after it is Up): post until one of the tweets lives on the
      // second node, so its Post crossed to it as a TracedCommand (TracedCommandSerializer)
      var shards = new Shards(node.node().system(), Duration.ofSeconds(5));
      String onSecond = second.system().address().toString();
      Map<String, String> traces = new java.util.LinkedHashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Shards.EntityType tweets;
      do {
        String trace = String.format("%032x", 0xabc0L + traces.size());
        var posted = post(author, "traced " + traces.size(), trace);
        assertEquals(201, posted.status(), () -> posted.raw().body());
        traces.put(trace, posted.json().get("id").asText());
        tweets =
            shards.stats().toCompletableFuture().join().stream()
                .filter(type -> type.name().equals(Tweet.ENTITY_KEY.name()))
                .findFirst()
                .orElseThrow();
        if (livesOn(tweets, onSecond) || System.nanoTime() > deadline) {
          break;
        }
        pause();
      } while (true);
      assertTrue(livesOn(tweets, onSecond), tweets::toString);
      // each event was stored with its trace wherever its entity lives: the timelines projection
      // applies it in that trace, below the span that asked the entity
      for (var sent : traces.entrySet()) {
        List<ReceivedSpan> trace =
            Eventually.within(
                Duration.ofSeconds(30),
                () ->
                    receiver.spans().stream()
                        .filter(span -> span.traceId().equals(sent.getKey()))
                        .toList(),
                spans -> named(spans, "projection timelines").isPresent());
        var entity = named(trace, "entity Tweet Post").orElseThrow(() -> new AssertionError(trace));
        assertEquals("STATUS_CODE_UNSET", entity.status(), trace::toString);
        assertEquals(
            entity.spanId(), named(trace, "projection timelines").orElseThrow().parentSpanId());
      }
    } finally {
      second.stop();
    }
  }

  @Test
  @Order(3)
  void withTracingOffNothingIsSent() {
    node.restart(Map.of("starling.tracing.enabled", false));
    api = node.client();
    receiver.clear();
    var carol = api.register("carol");
    var dave = api.register("dave");
    var posted = post(carol, "hello @dave", "0af7651916cd43dd8448eb211c80319c");
    assertEquals(201, posted.status(), () -> posted.raw().body());
    // the projections applied the event (dave's mention is there), so its spans would have ended
    Eventually.within(
        Eventually.BOUND,
        () -> api.get("/api/v1/notifications", dave.token()).json().get("items").size(),
        mentions -> mentions == 1);
    // ...and would have been sent within a few export intervals (100 ms) of that: an absence can
    // only be watched for a while
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < deadline) {
      assertEquals(List.of(), receiver.spans());
      pause();
    }
  }

  private static boolean livesOn(Shards.EntityType type, String address) {
    return type.nodes().stream().anyMatch(on -> on.node().equals(address) && on.entities() > 0);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
