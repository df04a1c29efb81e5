package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plain HTTP client speaking the API as an outside client would (java.net.http). */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Response(int status, JsonNode json, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  public Response send(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    try {
      var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
      JsonNode json =
          isJson && !response.body().isEmpty() ? MAPPER.readTree(response.body()) : null;
      return new Response(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, null, Map.of());
  }

  public Response delete(String path, String token) {
    return send("DELETE", path, token, null, null, Map.of());
  }

  public Response postJson(String path, String token, Object body) {
    return postJson(path, token, body, Map.of());
  }

  public Response postJson(String path, String token, Object body, Map<String, String> headers) {
    try {
      return send(
          "POST", path, token, "application/json", MAPPER.writeValueAsString(body), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response postForm(String path, Map<String, String> form) {
    var body = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return send("POST", path, null, "application/x-www-form-urlencoded", body.toString(), Map.of());
  }

  /**
   * The ids of the items of the page at {@code path} as {@code reader} sees it (a 200, or fails).
   */
  public List<String> itemIds(String path, Account reader) {
    var page = get(path, reader.token());
    assertEquals(200, page.status(), () -> path + ": " + page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  /**
   * The pages of {@code path} (its query giving at least the limit, e.g. {@code ?limit=5}) as
   * {@code reader} sees them, following {@code next_cursor} until it is null or {@code maxPages}
   * were read. Every page must answer 200 and no cursor may come back; {@code betweenPages} runs
   * after each page (to write while a client pages).
   */
  public List<Response> pages(String path, Account reader, int maxPages, Runnable betweenPages) {
    var pages = new ArrayList<Response>();
    var cursors = new ArrayList<String>();
    String cursor = null;
    do {
      String url = path + (cursor == null ? "" : "&cursor=" + cursor);
      var page = get(url, reader.token());
      assertEquals(200, page.status(), () -> url + ": " + page.raw().body());
      pages.add(page);
      betweenPages.run();
      JsonNode next = page.json().get("next_cursor");
      cursor = next.isNull() ? null : next.asText();
      String seen = cursor;
      assertFalse(cursors.contains(seen), () -> "cursor " + seen + " came back: " + cursors);
      cursors.add(cursor);
    } while (cursor != null && pages.size() < maxPages);
    return pages;
  }

  /** A registered user with a fresh access token. */
  public record Account(String id, String handle, String token, String refreshToken) {}

  public Account register(String handle) {
    var created =
        postJson(
            "/api/v1/accounts",
            null,
            Map.of(
                "handle",
                handle,
                "password",
                "password-" + handle,
                "display_name",
                handle.toUpperCase()));
    assertEquals(201, created.status(), () -> "register " + handle + ": " + created.raw().body());
    var token = token(handle, "password-" + handle);
    return new Account(
        created.json().get("id").asText(),
        handle,
        token.json().get("access_token").asText(),
        token.json().get("refresh_token").asText());
  }

  public Response token(String handle, String password) {
    return postForm(
        "/oauth/token", Map.of("grant_type", "password", "username", handle, "password", password));
  }

  public Response tweet(Account author, String text) {
    return postJson("/api/v1/tweets", author.token(), Map.of("text", text));
  }

  public String tweetId(Account author, String text) {
    var posted = tweet(author, text);
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  public Response follow(Account follower, Account followee) {
    return tie("POST", follower, followee, "follow");
  }

  /**
   * {@code actor} sets ({@code POST}) or undoes ({@code DELETE}) a {@code tie} ("follow", "block",
   * "mute") to {@code target}.
   */
  public Response tie(String method, Account actor, Account target, String tie) {
    return send(
        method, "/api/v1/users/" + target.id() + "/" + tie, actor.token(), null, null, Map.of());
  }

  /** Setup: {@code follower} follows {@code followee}, or the test fails here. */
  public void follows(Account follower, Account followee) {
    var followed = follow(follower, followee);
    assertEquals(200, followed.status(), () -> "follow: " + followed.raw().body());
  }

  /** Setup: {@code follower} stops following {@code followee}, or the test fails here. */
  public void unfollows(Account follower, Account followee) {
    var unfollowed = delete("/api/v1/users/" + followee.id() + "/follow", follower.token());
    assertEquals(200, unfollowed.status(), () -> "unfollow: " + unfollowed.raw().body());
  }
}
