package dev.starling.ops.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

  /** Answers two requests per connection, the second with {@code Connection: close}. */
  private static Thread serveTwoPerConnection(ServerSocket server, AtomicInteger accepted) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  try (Socket socket = server.accept()) {
                    int connection = accepted.incrementAndGet();
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = socket.getOutputStream();
                    for (int request = 1; request <= 2; request++) {
                      String line;
                      do {
                        line = in.readLine();
                      } while (line != null && !line.isEmpty());
                      String body = connection + "/" + request;
                      out.write(
                          ("HTTP/1.1 200 OK\r\nContent-Length: "
                                  + body.length()
                                  + (request == 2 ? "\r\nConnection: close" : "")
                                  + "\r\n\r\n"
                                  + body)
                              .getBytes(StandardCharsets.UTF_8));
                      out.flush();
                    }
                  }
                }
              } catch (IOException serverClosed) {
                // The test is over.
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Test
  void keepsTheConnectionAliveAndReconnectsAfterConnectionClose() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      serveTwoPerConnection(server, accepted);
      Endpoint endpoint = new Endpoint("127.0.0.1", server.getLocalPort());
      byte[] request = HttpRequest.get("/").encode(endpoint.hostHeader());

      try (HttpConnection connection = new HttpConnection(endpoint, Duration.ofSeconds(5))) {
        assertEquals("1/1", new String(connection.exchange(request, true).body()));
        assertEquals("1/2", new String(connection.exchange(request, true).body()));
        assertEquals("2/1", new String(connection.exchange(request, true).body()));
      }
      assertEquals(2, accepted.get());
    }
  }

  @Test
  void anExchangeWithNobodyListeningFailsAndTheNextOneTriesAgain() throws IOException {
    int port;
    try (ServerSocket closedAgain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closedAgain.getLocalPort();
    }
    Endpoint endpoint = new Endpoint("127.0.0.1", port);
    byte[] request = HttpRequest.get("/").encode(endpoint.hostHeader());
    try (HttpConnection connection = new HttpConnection(endpoint, Duration.ofSeconds(1))) {
      assertThrows(IOException.class, () -> connection.exchange(request, false));
      assertThrows(IOException.class, () -> connection.exchange(request, false));
    }
  }
}
