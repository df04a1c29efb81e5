package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FirstTimeBucketTest {
  @Test
  void aJournalStartedNowBeginsAtTheHourBeforeInUtc() {
    assertEquals("20261202T09:00", FirstTimeBucket.before(Instant.parse("2026-12-02T10:35:10Z")));
  }

  @Test
  void justAfterMidnightTheBucketIsTheDayBefore() {
    assertEquals("20261201T23:00", FirstTimeBucket.before(Instant.parse("2026-12-02T00:00:00Z")));
  }
}
