package dev.starling.app;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most one read in flight, and none sooner than {@code interval} after the last one started: for
 * metrics read from somewhere expensive when scraped, which show what the last read found.
 */
public final class ReadThrottle {
  private final long intervalNanos;
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile long lastStart;
  private volatile boolean started;

  public ReadThrottle(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** True when the caller should read now; it must call {@link #done()} when the read ends. */
  public boolean tryStart() {
    long now = System.nanoTime();
    if (started && now - lastStart < intervalNanos) {
      return false;
    }
    if (!reading.compareAndSet(false, true)) {
      return false;
    }
    started = true;
    lastStart = now;
    return true;
  }

  public void done() {
    reading.set(false);
  }
}
