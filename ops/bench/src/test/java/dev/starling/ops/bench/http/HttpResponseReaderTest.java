package dev.starling.ops.bench.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

  private static HttpResponseReader reader(String wire) {
    return new HttpResponseReader(
        new BufferedInputStream(
            new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1))));
  }

  @Test
  void readsABodyFramedByContentLengthAndKeepsTheConnection() throws IOException {
    HttpResponse response =
        reader(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                    + "{\"a\":\"b\"}\r\n")
            .read(true);

    assertEquals(200, response.status());
    assertEquals("{\"a\":\"b\"}\r\n", response.bodyText());
    assertEquals(Optional.of("application/json"), response.header("content-type"));
    assertTrue(response.keepAlive());
  }

  @Test
  void readsAChunkedBodyWithExtensionsAndTrailers() throws IOException {
    HttpResponse response =
        reader(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n"
                    + "1A\r\n, world of chunked bodies!\r\n"
                    + "0\r\nX-Trailer: yes\r\n\r\n")
            .read(true);

    assertEquals("hello, world of chunked bodies!", response.bodyText());
    assertTrue(response.keepAlive());
  }

  @Test
  void responsesFollowOneAnotherOnOneConnectionEvenWhenBodiesAreSkipped() throws IOException {
    HttpResponseReader reader =
        reader(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");

    HttpResponse first = reader.read(false);
    HttpResponse second = reader.read(false);
    HttpResponse third = reader.read(false);
    HttpResponse fourth = reader.read(true);

    assertEquals(200, first.status());
    assertArrayEquals(new byte[0], first.body(), "skipped, not kept");
    assertEquals(503, second.status());
    assertEquals(Optional.of("2"), second.header("Retry-After"));
    assertEquals("xyz", second.bodyText(), "an error's body is kept: it says what went wrong");
    assertEquals(204, third.status());
    assertEquals(404, fourth.status());
    assertEquals("{}", fourth.bodyText());
  }

  @Test
  void connectionCloseEndsTheConnection() throws IOException {
    HttpResponse response =
        reader("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").read(true);

    assertFalse(response.keepAlive());
  }

  @Test
  void http10KeepsTheConnectionOnlyWhenAskedTo() throws IOException {
    assertFalse(reader("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").read(true).keepAlive());
    assertTrue(
        reader("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
            .read(true)
            .keepAlive());
  }

  @Test
  void aBodyWithoutLengthRunsToTheEndOfTheStreamAndClosesTheConnection() throws IOException {
    HttpResponse response = reader("HTTP/1.1 200 OK\r\n\r\nuntil the end").read(true);

    assertEquals("until the end", response.bodyText());
    assertFalse(response.keepAlive());
  }

  @Test
  void aConnectionClosedInsideTheBodyIsAnError() {
    HttpResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");

    assertThrows(EOFException.class, () -> reader.read(true));
  }

  @Test
  void somethingOtherThanHttpIsAnError() {
    assertThrows(IOException.class, () -> reader("SSH-2.0-OpenSSH\r\n\r\n").read(true));
  }
}
