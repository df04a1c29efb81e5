package dev.starling.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.starling.testing.AggregateTestKit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeIdsTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private final AtomicReference<Set<String>> members = new AtomicReference<>(Set.of());
  private EventSourcedBehaviorTestKit<NodeIds.Command, NodeIds.Event, NodeIds.State> allocator;

  @BeforeEach
  void setUp() {
    allocator = EventSourcedBehaviorTestKit.create(testKit.system(), NodeIds.create(members::get));
    allocator.clear();
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private int allocate(String member) {
    members.updateAndGet(
        current -> {
          var next = new HashSet<>(current);
          next.add(member);
          return next;
        });
    return allocator
        .<NodeIds.Allocated>runCommand(r -> new NodeIds.Allocate(member, r))
        .reply()
        .nodeId();
  }

  @Test
  void membersGetTheLowestFreeIdsAndKeepThem() {
    assertEquals(0, allocate("a#1"));
    assertEquals(1, allocate("b#1"));
    assertEquals(0, allocate("a#1"), "asking again answers the same id");
    assertEquals(2, allocate("c#1"));
  }

  @Test
  void anIdIsFreeAgainOnlyOnceItsMemberWasRemoved() {
    allocate("a#1");
    allocate("b#1");
    // the same address restarted is a new incarnation: a new id while the old one is a member
    assertEquals(2, allocate("a#2"));
    allocator.runCommand(new NodeIds.MemberRemoved("a#1"));
    assertEquals(0, allocate("c#1"));
  }

  @Test
  void assignmentsSurviveARestartOfTheAllocator() {
    allocate("a#1");
    allocate("b#1");
    allocator.restart();
    assertEquals(1, allocate("b#1"));
    assertEquals(2, allocate("c#1"));
  }

  @Test
  void membersRemovedWhileNoAllocatorRanAreReleasedAfterRecovery() {
    allocate("a#1");
    allocate("b#1");
    // a#1 left the cluster while the singleton was handing over
    members.set(Set.of("b#1"));
    allocator.restart();
    int id = allocate("c#1");
    assertEquals(0, id);
    assertNotEquals(allocate("b#1"), id);
  }

  @Test
  void whenEveryIdIsHeldTheAnswerSaysSo() {
    for (int i = 0; i <= Snowflake.MAX_NODE_ID; i++) {
      assertEquals(i, allocate("m" + i + "#1"));
    }
    assertEquals(-1, allocate("one-too-many#1"));
  }
}
