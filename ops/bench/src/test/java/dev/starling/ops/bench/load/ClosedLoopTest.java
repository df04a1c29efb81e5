package dev.starling.ops.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {
  private static final int CONNECTIONS = 3;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/slow",
        exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          clientPorts.add(exchange.getRemoteAddress().getPort());
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          byte[] body = "{}".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void keepsOneRequestInFlightPerKeptAliveConnectionAndCountsOnlyTheWindow() {
    Endpoint endpoint = new Endpoint("127.0.0.1", server.getAddress().getPort());
    LoadCase slow =
        new LoadCase("slow", n -> HttpRequest.get("/slow").encode(endpoint.hostHeader()));

    // windows long enough that a machine loaded by a whole CI run (load average 30 seen) still
    // completes requests in each of them: the first of a connection pays its connect and the JIT
    LoadResult result =
        new ClosedLoop(endpoint)
            .run(slow, CONNECTIONS, Duration.ofSeconds(1), Duration.ofSeconds(2), List.of());

    // At most, not exactly: on a busy machine the connections' 2 ms requests need not overlap.
    assertTrue(
        mostInFlight.get() <= CONNECTIONS,
        "closed loop: never more than one per connection, saw " + mostInFlight.get());
    assertEquals(CONNECTIONS, clientPorts.size(), "keep-alive: one TCP connection each");
    assertEquals(result.measuredRequests(), result.outcomes().get(Outcome.OK));
    assertEquals(result.measuredRequests(), result.latencyMicros().getTotalCount());
    assertTrue(result.measuredRequests() > 0);
    assertTrue(
        result.allRequests() > result.measuredRequests(), "warm-up requests are not measured");
  }
}
