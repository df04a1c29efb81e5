package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncPermitsTest {

  @Test
  void workBeyondThePermitsWaitsItsTurnFirstComeFirstServed() {
    var permits = new AsyncPermits(2);
    var gates = new ArrayList<CompletableFuture<String>>();
    var started = new ArrayList<Integer>();
    var results = new ArrayList<CompletableFuture<String>>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      var gate = new CompletableFuture<String>();
      gates.add(gate);
      results.add(
          permits
              .withPermit(
                  () -> {
                    started.add(n);
                    return gate;
                  })
              .toCompletableFuture());
    }
    assertEquals(List.of(0, 1), started);

    gates.get(1).complete("one");
    assertEquals(List.of(0, 1, 2), started);
    gates.get(0).completeExceptionally(new IllegalStateException("failed work frees its permit"));
    assertEquals(List.of(0, 1, 2, 3), started);
    assertTrue(results.get(0).isCompletedExceptionally());
    assertEquals("one", results.get(1).join());
    assertFalse(results.get(4).isDone());

    gates.get(2).complete("two");
    gates.get(3).complete("three");
    gates.get(4).complete("four");
    assertEquals(List.of(0, 1, 2, 3, 4), started);
    assertEquals("four", results.get(4).join());
  }
}
