package dev.starling.ops.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  @Test
  void encodesAGetWithABearerToken() {
    byte[] bytes =
        HttpRequest.get("/api/v1/home_timeline?limit=20").withBearer("t0k").encode("h:8180");

    assertEquals(
        "GET /api/v1/home_timeline?limit=20 HTTP/1.1\r\n"
            + "Host: h:8180\r\n"
            + "Accept: application/json\r\n"
            + "Authorization: Bearer t0k\r\n\r\n",
        new String(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void encodesAPostWithItsLengthAndBody() {
    byte[] bytes =
        HttpRequest.post(
                "/api/v1/tweets",
                "application/json",
                "{\"text\":\"é\"}".getBytes(StandardCharsets.UTF_8))
            .encode("h");

    assertEquals(
        "POST /api/v1/tweets HTTP/1.1\r\nHost: h\r\nAccept: application/json\r\n"
            + "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"text\":\"é\"}",
        new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void theEndpointComesFromAUrlWithoutPath() {
    assertEquals(new Endpoint("127.0.0.1", 8180), Endpoint.parse("http://127.0.0.1:8180"));
    assertEquals(new Endpoint("localhost", 80), Endpoint.parse("http://localhost/"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("https://localhost:8443"));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("http://localhost/api"));
  }
}
