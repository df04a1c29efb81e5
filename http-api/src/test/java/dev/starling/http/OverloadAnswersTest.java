package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.starling.http.routes.HealthRoutes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overload and failing dependencies are answered 503 problem+json with {@code Retry-After}, never
 * 500: the routes here fail the way Cassandra, the driver and entity asks fail, behind the same
 * boundary ({@link ProblemHandling}, {@link LoadShedding}) the node uses, over a real socket.
 */
class OverloadAnswersTest {
  private static final int MAX_IN_FLIGHT = 2;

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "starling.http.overload { max-in-flight = "
                      + MAX_IN_FLIGHT
                      + ", retry-after = 3s, log-interval = 10s }\n"
                      + "pekko.http.server.request-timeout = 1s")
              .withFallback(ConfigFactory.load()));
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static ServerBinding binding;

  /** Each failure a dependency can produce, as the route sees it. */
  private static final Map<String, Supplier<Throwable>> UNAVAILABLE = new LinkedHashMap<>();

  /** Failures that mean a bug in this code. */
  private static final Map<String, Supplier<Throwable>> BUGS = new LinkedHashMap<>();

  static {
    UNAVAILABLE.put("throttled", () -> new RequestThrottlingException("queue full"));
    UNAVAILABLE.put("driver-timeout", () -> new DriverTimeoutException("Query timed out"));
    UNAVAILABLE.put("all-nodes-failed", () -> AllNodesFailedException.fromErrors(Map.of()));
    UNAVAILABLE.put("no-node-available", NoNodeAvailableException::new);
    UNAVAILABLE.put(
        "read-timeout", () -> new ReadTimeoutException(null, ConsistencyLevel.ONE, 0, 1, false));
    UNAVAILABLE.put(
        "cas-write-timeout",
        () -> new WriteTimeoutException(null, ConsistencyLevel.SERIAL, 0, 1, WriteType.CAS));
    UNAVAILABLE.put(
        "unavailable", () -> new UnavailableException(null, ConsistencyLevel.QUORUM, 2, 1));
    UNAVAILABLE.put("overloaded", () -> new OverloadedException(null, "overloaded"));
    UNAVAILABLE.put("closed-connection", () -> new ClosedConnectionException("channel closed"));
    UNAVAILABLE.put("busy-connection", () -> new BusyConnectionException(1024));
    UNAVAILABLE.put(
        "heartbeat",
        () ->
            new HeartbeatException(
                new InetSocketAddress("127.0.0.1", 9042), "no heartbeat", new TimeoutException()));
    UNAVAILABLE.put("ask-timeout", () -> new AskTimeoutException("Ask timed out"));
    UNAVAILABLE.put("timeout", () -> new TimeoutException("timed out"));
    UNAVAILABLE.put(
        "completion-wrapped",
        () -> new CompletionException(new DriverTimeoutException("Query timed out")));
    UNAVAILABLE.put(
        "execution-wrapped",
        () -> new ExecutionException(new RequestThrottlingException("queue full")));
    UNAVAILABLE.put(
        "several-levels-deep",
        () ->
            new CompletionException(
                new ExecutionException(
                    new IllegalStateException(
                        "reading the timeline failed",
                        new ReadTimeoutException(null, ConsistencyLevel.ONE, 0, 1, false)))));

    BUGS.put("illegal-state", () -> new IllegalStateException("secret internals"));
    BUGS.put("syntax-error", () -> new SyntaxError(null, "line 1:7 no viable alternative"));
    BUGS.put(
        "wrapped-invalid-query",
        () -> new CompletionException(new InvalidQueryException(null, "Undefined column")));
  }

  private static final CompletableFuture<String> heldRequestsMayFinish = new CompletableFuture<>();
  private static volatile CountDownLatch heldRequestsEntered = new CountDownLatch(0);

  static final class TestRoutes extends AllDirectives {
    private final ActorRef<Ask> failingEntity =
        testKit.spawn(
            Behaviors.receiveMessage(
                ask -> {
                  ask.replyTo()
                      .tell(
                          StatusReply.error(
                              new CompletionException(
                                  new DriverTimeoutException("Query timed out"))));
                  return Behaviors.same();
                }));
    private final ActorRef<Ask> silentEntity = testKit.spawn(Behaviors.ignore());

    Route routes() {
      return concat(
          pathPrefix(
              "fail",
              () ->
                  path(
                      PathMatchers.segment(),
                      name ->
                          get(
                              () -> {
                                var failure = UNAVAILABLE.getOrDefault(name, BUGS.get(name));
                                return onSuccess(
                                    CompletableFuture.<String>failedFuture(failure.get()),
                                    this::complete);
                              }))),
          path(
              "thrown",
              () ->
                  get(
                      () -> {
                        throw new CompletionException(new DriverTimeoutException("thrown"));
                      })),
          path("status-reply", () -> get(() -> onSuccess(ask(failingEntity), this::complete))),
          path("silent-entity", () -> get(() -> onSuccess(ask(silentEntity), this::complete))),
          path(
              "never", () -> get(() -> onSuccess(new CompletableFuture<String>(), this::complete))),
          path(
              "held",
              () ->
                  get(
                      () -> {
                        heldRequestsEntered.countDown();
                        return onSuccess(heldRequestsMayFinish, this::complete);
                      })),
          path("fine", () -> get(() -> complete("fine"))));
    }

    private java.util.concurrent.CompletionStage<String> ask(ActorRef<Ask> entity) {
      return AskPattern.askWithStatus(
          entity, Ask::new, Duration.ofMillis(300), testKit.system().scheduler());
    }
  }

  record Ask(ActorRef<StatusReply<String>> replyTo) {}

  @BeforeAll
  static void bind() {
    var health =
        new HealthRoutes(
            () ->
                CompletableFuture.completedFuture(
                    new HealthReport(Map.of("cassandra", true), Map.of("kafka", false))));
    var routes = new TestRoutes().routes();
    Route route =
        new ProblemHandling()
            .wrap(
                Directives.concat(health.routes(), new LoadShedding().limitInFlight(() -> routes)));
    binding =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(route)
            .toCompletableFuture()
            .join();
  }

  @AfterAll
  static void unbind() {
    heldRequestsMayFinish.complete("done");
    binding.unbind().toCompletableFuture().join();
    testKit.shutdownTestKit();
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(String path) {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) {
    return sendAsync(path).join();
  }

  private static void assertServiceUnavailable(String what, HttpResponse<String> response)
      throws Exception {
    assertEquals(503, response.statusCode(), what + ": " + response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""), what);
    assertEquals("3", response.headers().firstValue("Retry-After").orElse(""), what);
    JsonNode problem = Json.MAPPER.readTree(response.body());
    assertEquals(503, problem.get("status").asInt(), what);
    assertFalse(problem.get("title").asText().isEmpty(), what);
    assertFalse(problem.get("detail").asText().isEmpty(), what);
  }

  @Test
  void everyDependencyFailureIsServiceUnavailableWithRetryAfter() throws Exception {
    for (String name : UNAVAILABLE.keySet()) {
      assertServiceUnavailable(name, get("/fail/" + name));
    }
  }

  @Test
  void dependencyFailureThrownWhileBuildingTheResponseIsServiceUnavailable() throws Exception {
    assertServiceUnavailable("thrown", get("/thrown"));
  }

  @Test
  void entityReplyingWithAWrappedDriverErrorIsServiceUnavailable() throws Exception {
    assertServiceUnavailable("status reply", get("/status-reply"));
  }

  @Test
  void entityThatDoesNotAnswerInTimeIsServiceUnavailable() throws Exception {
    assertServiceUnavailable("ask timeout", get("/silent-entity"));
  }

  @Test
  void failuresThatPointAtABugStayInternalServerErrors() throws Exception {
    for (String name : BUGS.keySet()) {
      var response = get("/fail/" + name);
      assertEquals(500, response.statusCode(), name + ": " + response.body());
      assertEquals(
          "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
      assertTrue(response.headers().firstValue("Retry-After").isEmpty(), name);
      assertFalse(response.body().contains("secret"), name);
    }
  }

  @Test
  void requestTimeoutIsAProblemWithRetryAfterAndFreesItsPlace() throws Exception {
    for (int i = 0; i <= MAX_IN_FLIGHT; i++) {
      assertServiceUnavailable("request timeout", get("/never"));
    }
    assertEquals(200, get("/fine").statusCode());
  }

  @Test
  void requestsOverTheInFlightLimitAreShedAtOnceWhileHealthStillAnswers() throws Exception {
    heldRequestsEntered = new CountDownLatch(MAX_IN_FLIGHT);
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      held.add(sendAsync("/held"));
    }
    assertTrue(heldRequestsEntered.await(5, TimeUnit.SECONDS), "held requests started");

    long started = System.nanoTime();
    assertServiceUnavailable("over the limit", get("/fine"));
    assertTrue(
        Duration.ofNanos(System.nanoTime() - started).toMillis() < 500, "shed without waiting");
    var alive = get("/health/alive");
    assertEquals(200, alive.statusCode());
    assertEquals("{\"status\":\"alive\"}", alive.body());
    assertEquals(200, get("/health/ready").statusCode());

    heldRequestsMayFinish.complete("done");
    for (var response : held) {
      assertEquals(200, response.get(10, TimeUnit.SECONDS).statusCode());
    }
    assertEquals(200, get("/fine").statusCode());
  }

  @Test
  void readinessReportsAnOptionalCheckThatFailsWithoutFailing() throws Exception {
    var ready = get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertTrue(ready.body().contains("\"checks\":{\"cassandra\":true}"), ready.body());
    assertTrue(ready.body().contains("\"optional_checks\":{\"kafka\":false}"), ready.body());
  }
}
