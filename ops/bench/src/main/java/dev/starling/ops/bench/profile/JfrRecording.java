package dev.starling.ops.bench.profile;

import dev.starling.ops.bench.host.Jcmd;
import dev.starling.ops.bench.load.DuringMeasurement;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Java Flight Recorder recording inside the node's JVM (settings {@code profile}: execution
 * samples every 10 ms) over a case's measured window.
 *
 * <p>It is scheduled through {@code jcmd} as the warm-up begins, with a delay and a duration, so
 * that neither JFR's start-up in the node nor jcmd's own JVM runs inside the window. The price: the
 * recording starts and ends late by jcmd's start-up (about half a second), into the tail after the
 * window where the load has stopped.
 */
public final class JfrRecording implements DuringMeasurement {
  private static final long POLL_MILLIS = 500;
  private static final int MOST_POLLS = 120;

  private final long pid;
  private final String name;
  private final Path file;
  private String failure;

  public JfrRecording(long pid, String name, Path file) {
    this.pid = pid;
    this.name = name;
    this.file = file.toAbsolutePath();
  }

  @Override
  public void prepare(Duration untilOpen, Duration length) {
    try {
      Jcmd.run(
          Long.toString(pid),
          "JFR.start",
          "settings=profile",
          "name=" + name,
          "delay=" + untilOpen.toMillis() + "ms",
          "duration=" + length.toMillis() + "ms",
          "filename=" + file);
    } catch (IllegalStateException e) {
      failure = e.getMessage();
    }
  }

  @Override
  public void start() {
    // Scheduled in prepare: the node starts recording by itself.
  }

  /** Waits until the node has ended the recording and written {@link #file()}. */
  @Override
  public void stop() {
    try {
      for (int poll = 0; failure == null && poll < MOST_POLLS; poll++) {
        if (!Jcmd.run(Long.toString(pid), "JFR.check").contains("name=" + name + " ")) {
          return;
        }
        Thread.sleep(POLL_MILLIS);
      }
      if (failure == null) {
        failure = "the recording had not ended after " + MOST_POLLS * POLL_MILLIS / 1000 + " s";
      }
    } catch (IllegalStateException e) {
      failure = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted while waiting for the recording";
    }
  }

  public Path file() {
    return file;
  }

  /** Why there is no recording, or null when there is one. */
  public String failure() {
    return failure;
  }
}
