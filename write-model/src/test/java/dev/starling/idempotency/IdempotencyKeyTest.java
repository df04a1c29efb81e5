package dev.starling.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.testing.AggregateTestKit;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private EventSourcedBehaviorTestKit<
          IdempotencyKey.Command, IdempotencyKey.Event, IdempotencyKey.State>
      key;

  @BeforeEach
  void setUp() {
    key =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            IdempotencyKey.create(
                IdempotencyKey.entityId(1L, "k-1"),
                Duration.ofHours(24),
                RetentionCriteria.disabled()));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private IdempotencyKey.Claimed claim(long candidate, Instant at) {
    return key.<IdempotencyKey.Claimed>runCommand(r -> new IdempotencyKey.Claim(candidate, at, r))
        .reply();
  }

  @Test
  void firstClaimFixesTheIdAndLaterClaimsGetItBack() {
    assertEquals(new IdempotencyKey.Claimed(100L, true), claim(100L, T0));
    assertEquals(new IdempotencyKey.Claimed(100L, false), claim(200L, T0.plusSeconds(60)));
  }

  @Test
  void claimSurvivesRestart() {
    claim(100L, T0);
    key.restart();
    assertEquals(new IdempotencyKey.Claimed(100L, false), claim(300L, T0.plusSeconds(1)));
  }

  @Test
  void keyCanBeReusedOnceTheWindowHasPassed() {
    claim(100L, T0);
    var later =
        key.<IdempotencyKey.Claimed>runCommand(
            r -> new IdempotencyKey.Claim(200L, T0.plus(Duration.ofHours(24)), r));
    assertEquals(new IdempotencyKey.KeyClaimed(200L, T0.plus(Duration.ofHours(24))), later.event());
    assertTrue(later.reply().firstClaim());
  }
}
