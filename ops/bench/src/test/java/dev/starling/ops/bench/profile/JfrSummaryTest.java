package dev.starling.ops.bench.profile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrSummaryTest {
  @TempDir Path dir;

  private static volatile long sink;

  @Test
  void attributesExecutionSamplesToMethodsAndFoldsNumberedThreads() throws Exception {
    Path file = dir.resolve("busy.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.start();
      Thread busy = new Thread(JfrSummaryTest::spinForAWhile, "busy-worker-7");
      busy.start();
      busy.join();
      recording.stop();
      recording.dump(file);
    }

    JfrSummary summary = JfrSummary.of(file);

    assertTrue(summary.samples() > 0, "samples: " + summary.samples());
    assertTrue(
        summary.byThreadGroup().stream().anyMatch(c -> c.name().equals("busy-worker-N")),
        summary.byThreadGroup().toString());
    assertTrue(
        summary.byTotal().stream().anyMatch(c -> c.name().endsWith("JfrSummaryTest.spinForAWhile")),
        summary.byTotal().toString());
  }

  private static void spinForAWhile() {
    long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
    long x = 0;
    while (System.nanoTime() < until) {
      x += Long.numberOfTrailingZeros(x * 31 + 7);
    }
    sink = x;
  }

  @Test
  void aMissingRecordingIsAnError() {
    assertThrows(IOException.class, () -> JfrSummary.of(dir.resolve("absent.jfr")));
  }
}
