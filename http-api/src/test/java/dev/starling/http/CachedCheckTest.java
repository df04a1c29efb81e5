package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedCheckTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger runs = new AtomicInteger();
  private final List<CompletableFuture<String>> pending = new ArrayList<>();

  private CompletionStage<String> check() {
    runs.incrementAndGet();
    var result = new CompletableFuture<String>();
    pending.add(result);
    return result;
  }

  private final CachedCheck<String> cached =
      new CachedCheck<>(this::check, Duration.ofSeconds(1), now::get);

  @Test
  void concurrentCallersShareTheCheckInFlight() {
    var first = cached.get().toCompletableFuture();
    var second = cached.get().toCompletableFuture();
    assertEquals(1, runs.get());
    pending.get(0).complete("ready");
    assertEquals("ready", first.join());
    assertEquals("ready", second.join());
  }

  @Test
  void aFinishedResultAnswersUntilItsTtlHasPassed() {
    cached.get();
    pending.get(0).complete("ready");
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertEquals("ready", cached.get().toCompletableFuture().join());
    assertEquals(1, runs.get());

    now.addAndGet(Duration.ofMillis(1).toNanos());
    var next = cached.get().toCompletableFuture();
    assertEquals(2, runs.get());
    pending.get(1).complete("not ready");
    assertEquals("not ready", next.join());
  }

  @Test
  void aFailedCheckIsSharedLikeAnyOtherResult() {
    cached.get();
    pending.get(0).completeExceptionally(new IllegalStateException("cassandra down"));
    assertThrows(CompletionException.class, () -> cached.get().toCompletableFuture().join());
    assertEquals(1, runs.get());
  }

  @Test
  void callersCannotCompleteTheSharedResult() {
    var handed = cached.get().toCompletableFuture();
    handed.complete("forged");
    pending.get(0).complete("ready");
    assertEquals("ready", cached.get().toCompletableFuture().join());
  }
}
