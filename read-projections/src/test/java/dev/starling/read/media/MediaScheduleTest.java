package dev.starling.read.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.store.CassandraTestSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweeper's list against the real table, whose timestamps keep whole milliseconds while the
 * media's own instants (an upload's expiry, a delete's grace) carry microseconds.
 */
@ExtendWith(RealServersExtension.class)
class MediaScheduleTest {
  private static final Instant EXPIRY = Instant.parse("2026-11-25T12:00:00.000400Z");
  private static final Instant EXPIRY_MILLIS_DOWN = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant EXPIRY_MILLIS_UP = Instant.parse("2026-11-25T12:00:00.001Z");
  private static CassandraTestSession cassandra;
  private static MediaSchedule schedule;

  @BeforeAll
  static void setUp() {
    cassandra = new CassandraTestSession(MediaScheduleTest.class);
    schedule = new MediaSchedule(cassandra.cql());
  }

  @AfterAll
  static void tearDown() {
    cassandra.close();
  }

  @BeforeEach
  void emptyList() {
    for (var due : dueBy(Instant.parse("2100-01-01T00:00:00Z"))) {
      schedule.done(due).toCompletableFuture().join();
    }
  }

  private static List<MediaSchedule.Due> dueBy(Instant now) {
    return schedule.dueBy(now, 100).toCompletableFuture().join();
  }

  @Test
  void anEntryIsNotDueBeforeTheInstantItNamesThoughTheTableKeepsOnlyMilliseconds() {
    schedule.schedule(7, EXPIRY).toCompletableFuture().join();
    assertEquals(List.of(), dueBy(EXPIRY_MILLIS_DOWN));
    assertEquals(List.of(), dueBy(EXPIRY.plusNanos(500_000)));
    assertEquals(List.of(new MediaSchedule.Due(7, EXPIRY_MILLIS_UP)), dueBy(EXPIRY_MILLIS_UP));
  }

  @Test
  void anEntryRescheduledToTheRowItAlreadyIsStays() {
    schedule.schedule(8, EXPIRY).toCompletableFuture().join();
    var due = dueBy(EXPIRY_MILLIS_UP).get(0);
    schedule.reschedule(due, EXPIRY).toCompletableFuture().join();
    assertEquals(List.of(due), dueBy(EXPIRY_MILLIS_UP));
  }

  @Test
  void aRescheduledEntryIsDueOnlyAtItsNewInstant() {
    schedule.schedule(9, EXPIRY).toCompletableFuture().join();
    var due = dueBy(EXPIRY_MILLIS_UP).get(0);
    Instant later = EXPIRY.plusSeconds(3);
    schedule.reschedule(due, later).toCompletableFuture().join();
    assertEquals(List.of(), dueBy(later.minusMillis(1)));
    assertEquals(
        List.of(new MediaSchedule.Due(9, EXPIRY_MILLIS_UP.plusSeconds(3))),
        dueBy(EXPIRY_MILLIS_UP.plusSeconds(3)));
  }

  @Test
  void anInstantOnAWholeMillisecondIsKeptAsItIs() {
    schedule.schedule(10, EXPIRY_MILLIS_DOWN).toCompletableFuture().join();
    assertEquals(List.of(new MediaSchedule.Due(10, EXPIRY_MILLIS_DOWN)), dueBy(EXPIRY_MILLIS_DOWN));
  }
}
