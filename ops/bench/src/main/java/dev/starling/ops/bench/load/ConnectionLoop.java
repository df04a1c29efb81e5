package dev.starling.ops.bench.load;

import dev.starling.ops.bench.http.HttpConnection;
import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * One connection of a closed loop: sends the same request again as soon as the previous response
 * has been read, until the window ends. Latencies of responses completed inside the window go to
 * its histograms (microseconds; the 2xx to a second one too); requests outside it count only in
 * {@link #requests()}.
 */
final class ConnectionLoop implements Runnable {
  /** Without a pause, a refused connection would spin the loop and starve the node of CPU. */
  private static final long PAUSE_AFTER_IO_ERROR_MILLIS = 10;

  private final HttpConnection connection;
  private final byte[] request;
  private final MeasurementWindow window;
  private final Histogram latencyMicros = new Histogram(3);
  private final Histogram okLatencyMicros = new Histogram(3);
  private final OutcomeCounts outcomes = new OutcomeCounts();
  private long requests;

  ConnectionLoop(HttpConnection connection, byte[] request, MeasurementWindow window) {
    this.connection = connection;
    this.request = request;
    this.window = window;
  }

  @Override
  public void run() {
    try (connection) {
      for (long sent = System.nanoTime(); sent < window.until(); sent = System.nanoTime()) {
        Outcome outcome;
        try {
          outcome = Outcome.of(connection.exchange(request, false));
        } catch (IOException e) {
          outcome = Outcome.IO_ERROR;
        }
        long done = System.nanoTime();
        requests++;
        if (window.contains(done)) {
          outcomes.add(outcome);
          if (outcome != Outcome.IO_ERROR) {
            latencyMicros.recordValue((done - sent) / 1_000);
          }
          if (outcome == Outcome.OK) {
            okLatencyMicros.recordValue((done - sent) / 1_000);
          }
        }
        if (outcome == Outcome.IO_ERROR) {
          pauseAfterIoError();
        }
      }
    }
  }

  private static void pauseAfterIoError() {
    try {
      Thread.sleep(PAUSE_AFTER_IO_ERROR_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Histogram latencyMicros() {
    return latencyMicros;
  }

  Histogram okLatencyMicros() {
    return okLatencyMicros;
  }

  OutcomeCounts outcomes() {
    return outcomes;
  }

  /** Every request this connection completed, inside the window or not. */
  long requests() {
    return requests;
  }
}
