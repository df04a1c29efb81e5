package dev.starling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.testing.AggregateTestKit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration EXPIRY = Duration.ofHours(24);
  private static final MediaData PNG =
      new MediaData(42L, 7L, "image/png", 1234L, "ab".repeat(32), 30, 20, T0);
  private EventSourcedBehaviorTestKit<Media.Command, Media.Event, Media.State> media;

  @BeforeEach
  void setUp() {
    media =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), Media.create("42", EXPIRY, RetentionCriteria.disabled()));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private Outcome<MediaData> upload() {
    return media.<Outcome<MediaData>>runCommand(r -> new Media.Upload(PNG, r)).reply();
  }

  private Outcome<MediaData> attach(long requester, long tweet, Instant at) {
    return media
        .<Outcome<MediaData>>runCommand(r -> new Media.Attach(requester, tweet, at, r))
        .reply();
  }

  private Optional<MediaData> get(Instant at) {
    return media.<Optional<MediaData>>runCommand(r -> new Media.Get(at, r)).reply();
  }

  private static Rejection.Kind rejection(Outcome<MediaData> outcome) {
    return ((Outcome.Rejected<MediaData>) outcome).rejection().kind();
  }

  @Test
  void anUploadIsLiveUntilItExpiresUnattached() {
    assertEquals(Outcome.accepted(PNG), upload());
    assertEquals(Outcome.accepted(PNG), upload(), "a retried upload is the same medium");
    assertEquals(Optional.of(PNG), get(T0.plusSeconds(60)));
    assertEquals(Optional.empty(), get(T0.plus(EXPIRY)));
    assertEquals(Rejection.Kind.NOT_FOUND, rejection(attach(7L, 100L, T0.plus(EXPIRY))));
  }

  @Test
  void onlyTheUploaderAttachesItAndToOneTweetOnly() {
    upload();
    assertEquals(Rejection.Kind.NOT_FOUND, rejection(attach(8L, 100L, T0)));
    assertEquals(Outcome.accepted(PNG), attach(7L, 100L, T0));
    assertEquals(Outcome.accepted(PNG), attach(7L, 100L, T0.plusSeconds(1)), "a retried post");
    assertEquals(Rejection.Kind.INVALID, rejection(attach(7L, 101L, T0)));
    // attached media does not expire
    assertEquals(Optional.of(PNG), get(T0.plus(EXPIRY).plusSeconds(1)));
  }

  @Test
  void aReleasedMediumIsGoneAtOnceAndStaysGoneAfterARestart() {
    upload();
    attach(7L, 100L, T0);
    var released =
        media.<Outcome<MediaData>>runCommand(r -> new Media.Release(100L, T0.plusSeconds(5), r));
    assertEquals(new Media.Released(42L, 100L, T0.plusSeconds(5)), released.event());
    assertEquals(Optional.empty(), get(T0.plusSeconds(6)));
    media.restart();
    assertEquals(Optional.empty(), get(T0.plusSeconds(7)));
    assertEquals(Rejection.Kind.NOT_FOUND, rejection(attach(7L, 100L, T0.plusSeconds(8))));
  }

  private Media.PurgeVerdict purge(Instant at) {
    return media.<Media.PurgeVerdict>runCommand(r -> new Media.Purge(at, r)).reply();
  }

  @Test
  void purgingFollowsExpiryAndTheGracePeriodAndNeverTouchesAttachedMedia() {
    media =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Media.create("42", EXPIRY, Duration.ofHours(1), RetentionCriteria.disabled()));
    upload();
    assertEquals(new Media.PurgeVerdict(null, T0.plus(EXPIRY)), purge(T0.plusSeconds(1)));
    attach(7L, 100L, T0.plusSeconds(2));
    assertEquals(new Media.PurgeVerdict(null, null), purge(T0.plus(EXPIRY).plusSeconds(1)));
    media.<Outcome<MediaData>>runCommand(r -> new Media.Release(100L, T0.plusSeconds(10), r));
    Instant graceEnd = T0.plusSeconds(10).plus(Duration.ofHours(1));
    assertEquals(new Media.PurgeVerdict(null, graceEnd), purge(T0.plusSeconds(11)));
    assertEquals(new Media.PurgeVerdict(PNG.key(), null), purge(graceEnd));
    media.restart();
    assertEquals(new Media.PurgeVerdict(PNG.key(), null), purge(graceEnd.plusSeconds(1)));
    assertEquals(Optional.empty(), get(graceEnd));
  }

  @Test
  void anExpiredUploadIsPurged() {
    upload();
    assertEquals(new Media.PurgeVerdict(PNG.key(), null), purge(T0.plus(EXPIRY)));
    assertEquals(Rejection.Kind.NOT_FOUND, rejection(attach(7L, 100L, T0.plusSeconds(1))));
  }

  @Test
  void aDetachedMediumCanBeAttachedAgain() {
    upload();
    attach(7L, 100L, T0);
    var detached =
        media.<Outcome<MediaData>>runCommand(r -> new Media.Detach(100L, T0.plusSeconds(1), r));
    assertTrue(detached.reply() instanceof Outcome.Accepted<MediaData>);
    assertEquals(Outcome.accepted(PNG), attach(7L, 101L, T0.plusSeconds(2)));
  }
}
