package dev.starling.ops.bench.load;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import java.time.Duration;
import java.util.List;

/**
 * One extra connection asking the constant route in a closed loop while another case saturates the
 * node: does a route that needs no I/O still answer when the timeline cannot keep up?
 */
public final class ConstantRouteProbe implements DuringMeasurement {
  private final Endpoint endpoint;
  private final byte[] request;
  private MeasurementWindow window;
  private ConnectionLoop loop;
  private Thread thread;
  private long started;
  private LoadResult result;

  public ConstantRouteProbe(Endpoint endpoint, byte[] request) {
    this.endpoint = endpoint;
    this.request = request;
  }

  @Override
  public void start() {
    started = System.nanoTime();
    window = new MeasurementWindow(started, Long.MAX_VALUE);
    loop =
        new ConnectionLoop(new HttpConnection(endpoint, ClosedLoop.READ_TIMEOUT), request, window);
    thread = ClosedLoop.startThread(loop, "bench-probe");
  }

  @Override
  public void stop() {
    window.endNow();
    ClosedLoop.join(thread);
    result = ClosedLoop.merge(List.of(loop), 1, Duration.ofNanos(window.until() - started));
  }

  /** Available after {@link #stop}. */
  public LoadResult result() {
    return result;
  }
}
