package dev.starling.ops.bench.load;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs a case closed-loop: {@code connections} keep-alive connections, each a platform thread with
 * exactly one request in flight. A blocking socket per thread keeps the client cheap enough to
 * share the machine with the node: no selector, no futures, request bytes built once.
 */
public final class ClosedLoop {
  /** Generous so that a slow answer is measured, not turned into an error. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final long THREAD_STACK_BYTES = 256 * 1024;

  private final Endpoint endpoint;

  public ClosedLoop(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Warms up for {@code warmup}, measures for {@code duration}, then waits for the requests still
   * in flight. {@code beside} is prepared as the warm-up begins, starts when the measured window
   * opens and stops when it closes.
   */
  public LoadResult run(
      LoadCase loadCase,
      int connections,
      Duration warmup,
      Duration duration,
      List<DuringMeasurement> beside) {
    long opens = System.nanoTime() + warmup.toNanos();
    MeasurementWindow window = new MeasurementWindow(opens, opens + duration.toNanos());
    List<ConnectionLoop> loops = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < connections; n++) {
      ConnectionLoop loop =
          new ConnectionLoop(
              new HttpConnection(endpoint, READ_TIMEOUT), loadCase.requestFor().apply(n), window);
      loops.add(loop);
      threads.add(startThread(loop, "bench-" + n));
    }
    Duration untilOpen = Duration.ofNanos(Math.max(0, window.from() - System.nanoTime()));
    beside.forEach(b -> b.prepare(untilOpen, duration));
    sleepUntil(window.from());
    beside.forEach(DuringMeasurement::start);
    sleepUntil(window.until());
    beside.forEach(DuringMeasurement::stop);
    threads.forEach(ClosedLoop::join);
    return merge(loops, connections, duration);
  }

  static Thread startThread(Runnable loop, String name) {
    Thread thread = new Thread(null, loop, name, THREAD_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
    }
  }

  static LoadResult merge(List<ConnectionLoop> loops, int connections, Duration window) {
    Histogram latencies = new Histogram(3);
    Histogram okLatencies = new Histogram(3);
    OutcomeCounts outcomes = new OutcomeCounts();
    long allRequests = 0;
    for (ConnectionLoop loop : loops) {
      latencies.add(loop.latencyMicros());
      okLatencies.add(loop.okLatencyMicros());
      outcomes.addAll(loop.outcomes());
      allRequests += loop.requests();
    }
    return new LoadResult(connections, window, latencies, okLatencies, outcomes, allRequests);
  }

  private static void sleepUntil(long nanoTime) {
    try {
      for (long left = nanoTime - System.nanoTime();
          left > 0;
          left = nanoTime - System.nanoTime()) {
        Thread.sleep(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a case ran", e);
    }
  }
}
