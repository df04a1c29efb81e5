package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.testing.RealServersExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node with small limits, saturated by many real clients reading home timelines: every answer is
 * a page or a 503 problem with {@code Retry-After} — none a 500, none left hanging — and the
 * liveness probe keeps answering throughout.
 */
@ExtendWith(RealServersExtension.class)
class OverloadTest {
  private static final int READERS = 48;
  private static final int READS_PER_READER = 20;
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static NodeFixture node;
  private static String readerToken;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            OverloadTest.class,
            Map.of(
                "starling.http.overload.max-in-flight", 4,
                "datastax-java-driver.advanced.throttler.max-concurrent-requests", 8,
                "datastax-java-driver.advanced.throttler.max-queue-size", 512));
    var api = node.client();
    var author = api.register("author_ov");
    var reader = api.register("reader_ov");
    assertEquals(200, api.follow(reader, author).status());
    for (int i = 0; i < 25; i++) {
      api.tweetId(author, "tweet " + i + " for a busy timeline");
    }
    readerToken = reader.token();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Answer(int status, String retryAfter, String contentType, String body) {}

  private static Answer send(HttpClient http, String path, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(CLIENT_TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Retry-After").orElse(null),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  @Test
  void saturatedNodeAnswersEveryReaderWithAPageOrA503AndStaysAlive() throws Exception {
    var http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService clients = Executors.newFixedThreadPool(READERS + 1);
    var answers = new ConcurrentLinkedQueue<Answer>();
    var aliveStatuses = new ConcurrentLinkedQueue<Integer>();
    var saturating = new AtomicBoolean(true);
    try {
      Future<?> prober =
          clients.submit(
              () -> {
                while (saturating.get()) {
                  aliveStatuses.add(send(http, "/health/alive", null).status());
                  Thread.sleep(50);
                }
                return null;
              });
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < READS_PER_READER; i++) {
                    answers.add(send(http, "/api/v1/home_timeline?limit=20", readerToken));
                  }
                  return null;
                }));
      }
      for (var reader : readers) {
        reader.get(2, TimeUnit.MINUTES);
      }
      saturating.set(false);
      prober.get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      saturating.set(false);
      clients.shutdownNow();
    }

    var statuses = new TreeMap<Integer, Integer>();
    answers.forEach(answer -> statuses.merge(answer.status(), 1, Integer::sum));
    assertEquals(READERS * READS_PER_READER, answers.size());
    assertEquals(Set.of(200, 503), statuses.keySet(), "pages and refusals: " + statuses);
    for (var answer : answers) {
      if (answer.status() == 503) {
        assertEquals("application/problem+json", answer.contentType());
        assertEquals(503, MAPPER.readTree(answer.body()).get("status").asInt());
        assertTrue(
            answer.retryAfter() != null && Integer.parseInt(answer.retryAfter()) >= 1,
            "Retry-After: " + answer.retryAfter());
      } else {
        assertTrue(MAPPER.readTree(answer.body()).get("items").size() > 0, answer.body());
      }
    }
    assertTrue(aliveStatuses.size() > 0);
    assertTrue(
        aliveStatuses.stream().allMatch(status -> status == 200),
        "liveness answers: " + aliveStatuses);
  }
}
