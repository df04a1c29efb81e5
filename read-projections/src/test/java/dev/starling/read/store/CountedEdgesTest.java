package dev.starling.read.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
class CountedEdgesTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
  private static CassandraTestSession cassandra;
  private static CountedEdges edges;

  @BeforeAll
  static void setUp() {
    cassandra = new CassandraTestSession(CountedEdgesTest.class);
    edges = new CountedEdges(cassandra.cql(), "followers", "user_id", "follower_id");
  }

  @AfterAll
  static void tearDown() {
    cassandra.close();
  }

  private static boolean apply(long owner, long member, boolean active, long version) {
    return edges.apply(owner, member, active, version, AT).toCompletableFuture().join();
  }

  private static long count(long owner) {
    return edges.count(owner).toCompletableFuture().join();
  }

  @Test
  void applyingTheSameEdgeTwiceCountsItOnce() {
    assertTrue(apply(1, 10, true, 1));
    assertFalse(apply(1, 10, true, 1));
    assertEquals(1, count(1));
  }

  @Test
  void anOlderEventArrivingLateChangesNothing() {
    assertTrue(apply(2, 10, true, 1));
    assertTrue(apply(2, 10, false, 2));
    assertFalse(apply(2, 10, true, 1));
    assertEquals(0, count(2));
    assertFalse(edges.isActive(2, 10).toCompletableFuture().join());
  }

  @Test
  void eventsAppliedOutOfOrderEndInTheNewestState() {
    assertTrue(apply(3, 10, false, 2));
    assertFalse(apply(3, 10, true, 1));
    assertTrue(apply(3, 10, true, 3));
    assertEquals(1, count(3));
  }

  @Test
  void concurrentChangesToOnePartitionKeepTheCountExact() {
    var writes =
        LongStream.rangeClosed(1, 50)
            .mapToObj(member -> edges.apply(4, member, true, 1, AT).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(writes).join();
    assertEquals(50, count(4));
  }

  @Test
  void scanPagesThroughActiveMembersNewestFirst() {
    for (long member = 1; member <= 5; member++) {
      apply(5, member, true, 1);
    }
    apply(5, 3, false, 2);
    var first = edges.scanBefore(5, Long.MAX_VALUE, 3).toCompletableFuture().join();
    assertEquals(List.of(5L, 4L), first.active().stream().map(CountedEdges.Member::id).toList());
    assertTrue(first.filled(3));
    var second = edges.scanBefore(5, first.lastId(), 3).toCompletableFuture().join();
    assertEquals(List.of(2L, 1L), second.active().stream().map(CountedEdges.Member::id).toList());
    assertFalse(second.filled(3));
  }
}
