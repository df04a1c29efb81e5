package dev.starling.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class SnowflakeTest {

  @Test
  void idsAreUniqueAndIncreasingEvenWithinOneMillisecond() {
    var frozen = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    var ids = new Snowflake(3, frozen);
    var seen = new HashSet<Long>();
    long previous = -1;
    for (int i = 0; i < 10_000; i++) {
      long id = ids.next();
      assertTrue(id > previous);
      assertTrue(seen.add(id));
      previous = id;
    }
  }

  @Test
  void timestampIsRecoverableFromTheId() {
    var at = Instant.parse("2026-11-25T12:00:00.123Z");
    var id = new Snowflake(5, Clock.fixed(at, ZoneOffset.UTC)).next();
    assertEquals(at, Snowflake.timestampOf(id));
    assertTrue(Snowflake.firstIdAt(at) <= id);
  }
}
