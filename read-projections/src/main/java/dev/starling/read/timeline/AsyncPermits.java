package dev.starling.read.timeline;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A fixed number of permits handed out first come, first served, without blocking a thread: a
 * caller beyond the limit gets a stage that completes when a permit frees up. Bounds how many
 * fan-out pages a node works on at once, so a burst of posts queues instead of flooding the
 * delivery stream.
 */
final class AsyncPermits {
  private final int permits;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int inUse;

  AsyncPermits(int permits) {
    this.permits = permits;
  }

  /** Runs {@code work} once a permit is free and gives the permit back when it is done. */
  <T> CompletionStage<T> withPermit(Supplier<CompletionStage<T>> work) {
    return acquire().thenCompose(permit -> work.get()).whenComplete((result, failure) -> release());
  }

  private synchronized CompletableFuture<Void> acquire() {
    if (inUse < permits) {
      inUse++;
      return CompletableFuture.completedFuture(null);
    }
    var turn = new CompletableFuture<Void>();
    waiting.add(turn);
    return turn;
  }

  /** Hands the permit to the longest waiter, if any; completed outside the lock. */
  private void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
        return;
      }
    }
    next.complete(null);
  }
}
