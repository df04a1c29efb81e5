package dev.starling.node;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where the projections' event streams start reading the journal's tags when they have no stored
 * offset ({@code events-by-tag.first-time-bucket}, a fixed day in the configuration). Such a stream
 * queries every hour bucket from there to now, one after the other, before it reaches the present:
 * a week after that day, a new node's 48 streams sent ~8,000 queries to an empty journal, a number
 * that grows by 1,152 every day. A journal started now has no event older than now, so its streams
 * may start at the hour before.
 */
public final class FirstTimeBucket {
  /** The plugin's setting. */
  public static final String SETTING =
      "pekko.persistence.cassandra.events-by-tag.first-time-bucket";

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC);

  private FirstTimeBucket() {}

  /**
   * The hour bucket before the one {@code now} falls in, in the plugin's format: the first bucket
   * of a journal none of whose events is older than {@code now} (the hour of margin covers a clock
   * that is a little behind another node's).
   */
  public static String before(Instant now) {
    return FORMAT.format(now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)));
  }
}
