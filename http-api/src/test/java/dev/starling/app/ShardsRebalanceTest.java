package dev.starling.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.app.Shards.Rebalance;
import dev.starling.app.Shards.RebalanceLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code ops/starling shards} reports as a rebalance in progress follows the rule of the
 * coordinator's allocation strategy: shards above the fair share move, and a node two below it
 * still takes shards once nobody is above it.
 */
class ShardsRebalanceTest {
  private static final RebalanceLimits LIMITS =
      new RebalanceLimits(20, 0.1, Duration.ofSeconds(10));

  @Test
  void aNodeThatJustJoinedIsOwedHalfTheShards() {
    var rebalance = Rebalance.of(List.of(100, 0), LIMITS);

    assertFalse(rebalance.balanced());
    assertEquals(50, rebalance.fairShare());
    assertEquals(50, rebalance.toMove());
    assertEquals(10, rebalance.perRound(), "10 % of 100, under the absolute 20");
    assertEquals(5, rebalance.roundsLeft());
  }

  @Test
  void anEvenOrNearlyEvenSpreadIsBalanced() {
    assertTrue(Rebalance.of(List.of(50, 50), LIMITS).balanced());
    assertTrue(Rebalance.of(List.of(34, 33, 33), LIMITS).balanced(), "fair share 34");
    assertTrue(Rebalance.of(List.of(4), LIMITS).balanced(), "one node");
    assertTrue(Rebalance.of(List.of(), LIMITS).balanced(), "no node has the type yet");
  }

  @Test
  void aNodeTwoBelowTheFairShareTakesOneFromEachNodeAtIt() {
    // fair share 34: nobody is above it, but the third node is two below (32 < 33)
    var rebalance = Rebalance.of(List.of(34, 34, 32), LIMITS);

    assertFalse(rebalance.balanced());
    assertEquals(1, rebalance.toMove(), "min(1 missing below fair-1, 2 donors)");
  }

  @Test
  void theAbsoluteLimitCapsARoundOnLargeTypes() {
    var rebalance = Rebalance.of(List.of(1000, 0, 0, 0), LIMITS);

    assertEquals(750, rebalance.toMove());
    assertEquals(20, rebalance.perRound());
    assertEquals(38, rebalance.roundsLeft());
  }

  @Test
  void aRoundMovesAtLeastOneShard() {
    assertEquals(1, Rebalance.of(List.of(3, 0), LIMITS).perRound());
  }
}
