package dev.starling.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PasswordWorkTest {

  @Test
  void workBeyondTheThreadsAndTheQueueFailsAtOnce() throws Exception {
    try (var work = new PasswordWork(1, 1, Duration.ofMinutes(1))) {
      var release = new CountDownLatch(1);
      var running = work.run(() -> await(release));
      var queued = work.run(() -> "queued");
      var refused = work.run(() -> "refused").toCompletableFuture();

      var failure = assertThrows(CompletionException.class, () -> refused.getNow("not yet"));
      assertInstanceOf(RejectedExecutionException.class, failure.getCause());
      release.countDown();
      assertEquals("released", running.toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals("queued", queued.toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void workThatWaitedLongerThanItsClientIsDroppedUnstarted() throws Exception {
    try (var work = new PasswordWork(1, 4, Duration.ofMillis(50))) {
      var release = new CountDownLatch(1);
      var running = work.run(() -> await(release));
      var started = new AtomicBoolean();
      var stale =
          work.run(
                  () -> {
                    started.set(true);
                    return "hashed";
                  })
              .toCompletableFuture();
      Thread.sleep(200);
      release.countDown();
      running.toCompletableFuture().get(5, TimeUnit.SECONDS);

      var failure = assertThrows(Exception.class, () -> stale.get(5, TimeUnit.SECONDS)).getCause();
      assertInstanceOf(RejectedExecutionException.class, failure);
      assertTrue(!started.get(), "stale work must not run");
    }
  }

  private static String await(CountDownLatch release) {
    try {
      release.await(10, TimeUnit.SECONDS);
      return "released";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
