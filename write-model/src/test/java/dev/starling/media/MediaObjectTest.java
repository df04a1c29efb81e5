package dev.starling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.testing.AggregateTestKit;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaObjectTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final String KEY = "cd".repeat(32);
  private EventSourcedBehaviorTestKit<MediaObject.Command, MediaObject.Event, MediaObject.State>
      object;

  @BeforeEach
  void setUp() {
    object =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), MediaObject.create(KEY, RetentionCriteria.disabled()));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private void hold(long mediaId) {
    object.<Done>runCommand(r -> new MediaObject.Hold(mediaId, r));
  }

  private boolean drop(long mediaId) {
    return object.<Boolean>runCommand(r -> new MediaObject.Drop(mediaId, r)).reply();
  }

  @Test
  void onlyTheLastHolderDeletesTheBytes() {
    hold(1L);
    hold(2L);
    hold(2L);
    assertFalse(drop(1L), "medium 2 still holds the bytes");
    assertTrue(drop(2L));
    assertTrue(drop(2L), "a repeated drop asks again while the delete is under way");
  }

  @Test
  void aHoldWaitsForADeleteUnderWayAndSurvivesRestarts() {
    hold(1L);
    assertTrue(drop(1L));
    object.restart();
    TestProbe<Done> probe = testKit.createTestProbe();
    ActorRef<Done> replyTo = probe.getRef();
    // the test kit wants every command answered at once, so the stashed hold goes in directly
    object.runCommand(new MediaObject.Hold(3L, replyTo));
    probe.expectNoMessage(Duration.ofMillis(200));
    object.<Done>runCommand(MediaObject.BytesDeleted::new);
    probe.expectMessage(Done.getInstance());
    assertEquals(java.util.Set.of(3L), object.getState().holders());
    assertFalse(object.getState().deleting());
  }
}
