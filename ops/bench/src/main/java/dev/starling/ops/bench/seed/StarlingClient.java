package dev.starling.ops.bench.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import dev.starling.ops.bench.http.HttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The public API calls seeding makes, over one connection (one client per seeding thread). A {@code
 * 503} or {@code 429} is retried after its {@code Retry-After}, an I/O error after a short pause:
 * every call here is safe to repeat (posts carry an {@code Idempotency-Key}).
 */
public final class StarlingClient implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 30;
  private static final Duration IO_RETRY_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(10);

  private final HttpConnection connection;

  /** Generous timeout: sign-ups queue behind password hashing and can take seconds. */
  public StarlingClient(Endpoint endpoint) {
    this.connection = new HttpConnection(endpoint, Duration.ofSeconds(60));
  }

  /** The new account's id, or empty when the handle is taken (our own earlier attempt). */
  public Optional<Long> signUp(String handle, String password) {
    HttpResponse response =
        call(
            json("/api/v1/accounts", Map.of("handle", handle, "password", password)),
            Set.of(201, 409));
    return response.status() == 409 ? Optional.empty() : Optional.of(id(parse(response)));
  }

  public String accessToken(String handle, String password) {
    String form =
        "grant_type=password&username="
            + URLEncoder.encode(handle, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.post(
            "/oauth/token",
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8));
    return parse(call(request, Set.of(200))).path("access_token").asText();
  }

  public long myId(String accessToken) {
    return id(
        parse(call(HttpRequest.get("/api/v1/users/me").withBearer(accessToken), Set.of(200))));
  }

  public void follow(String accessToken, long userId) {
    call(
        HttpRequest.post("/api/v1/users/" + userId + "/follow", "application/json", new byte[0])
            .withBearer(accessToken),
        Set.of(200));
  }

  /** The {@code followers_count} the node shows for a user. */
  public long followersCount(String accessToken, long userId) {
    JsonNode user =
        parse(
            call(HttpRequest.get("/api/v1/users/" + userId).withBearer(accessToken), Set.of(200)));
    return user.path("followers_count").asLong(-1);
  }

  /** Posts a tweet, or a reply when {@code replyToId} is set; returns the tweet's id. */
  public long post(String accessToken, String text, Long replyToId, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    if (replyToId != null) {
      body.put("reply_to_id", Long.toString(replyToId));
    }
    HttpRequest request =
        json("/api/v1/tweets", body)
            .withBearer(accessToken)
            .withHeader("Idempotency-Key", idempotencyKey);
    return id(parse(call(request, Set.of(201))));
  }

  public long retweet(String accessToken, long tweetId) {
    HttpRequest request =
        HttpRequest.post("/api/v1/tweets/" + tweetId + "/retweet", "application/json", new byte[0])
            .withBearer(accessToken);
    return id(parse(call(request, Set.of(200, 201))));
  }

  /** Whether a tweet search for {@code q} shows the tweet {@code tweetId} on its first page. */
  public boolean searchFinds(String accessToken, String q, long tweetId) {
    String path = "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    JsonNode page = parse(call(HttpRequest.get(path).withBearer(accessToken), Set.of(200)));
    for (JsonNode item : page.path("items")) {
      if (item.path("id").asText().equals(Long.toString(tweetId))) {
        return true;
      }
    }
    return false;
  }

  /** How many items the caller's home timeline holds, following cursors to the end. */
  public int homeTimelineSize(String accessToken) {
    int items = 0;
    String cursor = null;
    do {
      String path =
          "/api/v1/home_timeline?limit=100"
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode page = parse(call(HttpRequest.get(path).withBearer(accessToken), Set.of(200)));
      items += page.path("items").size();
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    return items;
  }

  private static HttpRequest json(String path, Map<String, ?> body) {
    try {
      return HttpRequest.post(path, "application/json", JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse call(HttpRequest request, Set<Integer> expected) {
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse response = connection.exchange(request);
        if (expected.contains(response.status())) {
          return response;
        }
        if (response.status() != 503 && response.status() != 429) {
          throw new SeedingFailed(
              request.method()
                  + " "
                  + request.path()
                  + " answered "
                  + response.status()
                  + ": "
                  + response.bodyText());
        }
        pause(retryAfter(response));
      } catch (IOException e) {
        lastFailure = e;
        pause(IO_RETRY_PAUSE);
      }
    }
    throw new SeedingFailed(
        request.method() + " " + request.path() + " failed " + ATTEMPTS + " times", lastFailure);
  }

  private static Duration retryAfter(HttpResponse response) {
    try {
      Duration asked =
          Duration.ofSeconds(Long.parseLong(response.header("Retry-After").orElse("1").trim()));
      return asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeedingFailed("interrupted while waiting to retry", e);
    }
  }

  private static JsonNode parse(HttpResponse response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SeedingFailed("not JSON: " + response.bodyText(), e);
    }
  }

  private static long id(JsonNode node) {
    String id = node.path("id").asText();
    if (id.isEmpty()) {
      throw new SeedingFailed("no id in " + node);
    }
    return Long.parseLong(id);
  }

  @Override
  public void close() {
    connection.close();
  }
}
