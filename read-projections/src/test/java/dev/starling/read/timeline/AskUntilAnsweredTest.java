package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The backstop's ask of a fan-out: a start lost with a dead node or in a shard's hand-off gets no
 * answer, so it is sent again every resend interval instead of waiting out the whole completion
 * timeout (which held a projection for five minutes).
 */
class AskUntilAnsweredTest {
  private static final Duration RESEND_AFTER = Duration.ofMillis(50);

  /** An ask whose first {@code lost} attempts get no answer: they time out after their wait. */
  private static final class LosesFirstAttempts {
    final int lost;
    final AtomicInteger attempts = new AtomicInteger();
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    LosesFirstAttempts(int lost) {
      this.lost = lost;
    }

    CompletionStage<String> ask(Duration wait) {
      waits.add(wait);
      int attempt = attempts.incrementAndGet();
      if (attempt <= lost) {
        // as an ask that got no answer: it fails with a timeout once its wait is over
        var unanswered = new CompletableFuture<String>();
        CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS)
            .execute(() -> unanswered.completeExceptionally(new TimeoutException("no answer")));
        return unanswered;
      }
      return CompletableFuture.completedFuture("finished after attempt " + attempt);
    }
  }

  @Test
  void aStartWithoutAnswerIsSentAgainAfterTheResendIntervalUntilAnswered() throws Exception {
    var ask = new LosesFirstAttempts(2);
    var resends = new CopyOnWriteArrayList<Duration>();
    long started = System.nanoTime();

    String answer =
        FanOuts.askUntilAnswered(ask::ask, RESEND_AFTER, Duration.ofSeconds(30), resends::add)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertEquals("finished after attempt 3", answer);
    assertEquals(List.of(RESEND_AFTER, RESEND_AFTER), resends);
    assertEquals(List.of(RESEND_AFTER, RESEND_AFTER, RESEND_AFTER), ask.waits);
    long took = System.nanoTime() - started;
    assertTrue(
        took < Duration.ofSeconds(5).toNanos(),
        "answered after two lost starts in " + took + " ns, not the 30 s completion timeout");
  }

  @Test
  void aFanOutThatNeverAnswersFailsWithATimeoutOnceTheCompletionTimeoutHasPassed() {
    var ask = new LosesFirstAttempts(Integer.MAX_VALUE);
    var within = Duration.ofMillis(500);
    long started = System.nanoTime();

    var failure =
        assertThrows(
            ExecutionException.class,
            () ->
                FanOuts.askUntilAnswered(ask::ask, RESEND_AFTER, within, waited -> {})
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));

    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertTrue(System.nanoTime() - started >= within.toNanos());
    // 500 ms in waits of at most 50 ms: sent again (however late the machine's timers fire), and
    // never more often than the resend interval allows
    int attempts = ask.attempts.get();
    assertTrue(attempts >= 2 && attempts <= 11, attempts + " attempts: " + ask.waits);
    assertTrue(
        ask.waits.stream().allMatch(w -> w.compareTo(RESEND_AFTER) <= 0), ask.waits::toString);
  }

  @Test
  void aFailureOtherThanATimeoutIsNotAskedAgain() {
    var attempts = new AtomicInteger();
    var failure =
        assertThrows(
            ExecutionException.class,
            () ->
                FanOuts.<String>askUntilAnswered(
                        wait -> {
                          attempts.incrementAndGet();
                          return CompletableFuture.failedFuture(
                              new IllegalStateException("fan-out failed: Cassandra down"));
                        },
                        RESEND_AFTER,
                        Duration.ofSeconds(30),
                        waited -> {})
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));

    assertEquals("fan-out failed: Cassandra down", failure.getCause().getMessage());
    assertEquals(1, attempts.get());
  }
}
