package dev.starling.common;

import java.time.Clock;
import java.time.Instant;

/**
 * Time-ordered 64-bit ids: 41 bits of milliseconds since {@link #EPOCH}, 10 bits of node id and 12
 * bits of a per-millisecond sequence. Ordering ids orders tweets by creation time, which is what
 * timelines and cursors rely on.
 */
public final class Snowflake {
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final int NODE_BITS = 10;
  private static final int SEQUENCE_BITS = 12;
  private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
  public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;

  private final long nodeId;
  private final Clock clock;
  private long lastMillis = -1;
  private long sequence;

  public Snowflake(int nodeId) {
    this(nodeId, Clock.systemUTC());
  }

  Snowflake(int nodeId, Clock clock) {
    if (nodeId < 0 || nodeId > MAX_NODE_ID) {
      throw new IllegalArgumentException(
          "node id must be in 0.." + MAX_NODE_ID + ", was " + nodeId);
    }
    this.nodeId = nodeId;
    this.clock = clock;
  }

  public synchronized long next() {
    long now = clock.millis() - EPOCH.toEpochMilli();
    if (now < lastMillis) {
      // the wall clock stepped back: keep issuing ids from the last millisecond we used
      now = lastMillis;
    }
    if (now == lastMillis) {
      sequence = (sequence + 1) & MAX_SEQUENCE;
      if (sequence == 0) {
        now = lastMillis + 1;
      }
    } else {
      sequence = 0;
    }
    lastMillis = now;
    return (now << (NODE_BITS + SEQUENCE_BITS)) | (nodeId << SEQUENCE_BITS) | sequence;
  }

  public static Instant timestampOf(long id) {
    return EPOCH.plusMillis(id >>> (NODE_BITS + SEQUENCE_BITS));
  }

  /** The smallest id that could be issued at {@code instant}; handy as a range bound. */
  public static long firstIdAt(Instant instant) {
    return (instant.toEpochMilli() - EPOCH.toEpochMilli()) << (NODE_BITS + SEQUENCE_BITS);
  }
}
