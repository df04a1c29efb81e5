package dev.starling.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.testing.AggregateTestKit;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandleTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private EventSourcedBehaviorTestKit<Handle.Command, Handle.Event, Handle.State> handle;

  @BeforeEach
  void setUp() {
    handle =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), Handle.create(Handle.key("Alice"), RetentionCriteria.disabled()));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void keyIgnoresCase() {
    assertEquals(Handle.key("alice"), Handle.key("ALICE"));
  }

  @Test
  void firstClaimWinsAndLaterClaimsSeeTheOwner() {
    var first = handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(1L, r));
    assertEquals(new Handle.Claimed(1L), first.reply());
    assertEquals(new Handle.HandleClaimed(1L), first.event());

    var second = handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(2L, r));
    assertTrue(second.hasNoEvents());
    assertEquals(new Handle.Taken(1L), second.reply());
  }

  @Test
  void repeatedClaimByTheOwnerIsIdempotent() {
    handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(1L, r));
    var again = handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(1L, r));
    assertTrue(again.hasNoEvents());
    assertEquals(new Handle.Claimed(1L), again.reply());
  }

  @Test
  void lookupAnswersTheOwnerAfterRestart() {
    assertEquals(Optional.empty(), handle.<Optional<Long>>runCommand(Handle.Lookup::new).reply());
    handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(7L, r));
    handle.restart();
    assertEquals(Optional.of(7L), handle.<Optional<Long>>runCommand(Handle.Lookup::new).reply());
  }

  @Test
  void onlyTheOwnerReleasesTheHandleAndThenAnotherMayClaimIt() {
    handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(1L, r));
    var notOwner = handle.<Handle.Released>runCommand(r -> new Handle.Release(2L, r));
    assertEquals(new Handle.Released(false), notOwner.reply());
    assertTrue(notOwner.hasNoEvents());

    var released = handle.<Handle.Released>runCommand(r -> new Handle.Release(1L, r));
    assertEquals(new Handle.Released(true), released.reply());
    assertEquals(new Handle.HandleReleased(1L), released.event());
    assertEquals(
        new Handle.Claimed(2L),
        handle.<Handle.ClaimResult>runCommand(r -> new Handle.Claim(2L, r)).reply());
  }
}
