package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password hashing is bounded: a burst beyond its threads and queue is answered 503 at once, not
 * queued for minutes, and what was refused left nothing behind.
 */
@ExtendWith(RealServersExtension.class)
class SignUpBurstTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            SignUpBurstTest.class,
            Map.of(
                "starling.accounts.password-hashing.memory-kib", 19456,
                "starling.accounts.password-hashing.iterations", 2,
                "starling.accounts.password-hashing.threads", 1,
                "starling.accounts.password-hashing.queue", 1));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void signUpsBeyondThePasswordWorkAre503WithRetryAfterAndLeaveNothingBehind() {
    List<String> handles = IntStream.range(0, 24).mapToObj(i -> "burst_" + i).toList();
    List<ApiClient.Response> answers =
        handles.stream()
            .map(handle -> CompletableFuture.supplyAsync(() -> signUp(handle)))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();

    long refused = answers.stream().filter(a -> a.status() == 503).count();
    assertTrue(refused > 0, "a burst of 24 must overflow one thread and a queue of one");
    for (int i = 0; i < handles.size(); i++) {
      var answer = answers.get(i);
      String handle = handles.get(i);
      if (answer.status() == 503) {
        assertEquals("application/problem+json", answer.contentType());
        assertNotNull(answer.header("Retry-After"), "503 without Retry-After");
        assertEquals(404, api.get("/api/v1/users/by_handle/" + handle, anyToken()).status());
        // refused means nothing was stored: the same sign-up succeeds later
        assertEquals(201, signUp(handle).status());
      } else {
        assertEquals(201, answer.status(), () -> handle + ": " + answer.raw().body());
      }
      assertEquals(200, api.token(handle, "password-" + handle).status(), handle);
    }
  }

  private String anyToken;

  private String anyToken() {
    if (anyToken == null) {
      anyToken = api.register("burst_reader").token();
    }
    return anyToken;
  }

  private static ApiClient.Response signUp(String handle) {
    return api.postJson(
        "/api/v1/accounts", null, Map.of("handle", handle, "password", "password-" + handle));
  }
}
