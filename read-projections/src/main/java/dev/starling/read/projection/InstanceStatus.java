package dev.starling.read.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One projection instance (one tag of its aggregate) as the stores describe it: the stored offset
 * and when it was stored, whether it is paused or stopped on an event, how far behind the journal
 * it is, and the events skipped so far (newest first). {@code stoppedOn} is the event it last
 * stopped on, kept until that event is applied, skipped or the offset reset past it.
 */
public record InstanceStatus(
    String projection,
    String instance,
    State state,
    Optional<UUID> offset,
    Optional<Instant> offsetStoredAt,
    Lag lag,
    Optional<StoppedEvent> stoppedOn,
    List<SkippedEvent> skipped) {

  public enum State {
    RUNNING,
    PAUSED,
    /** Paused by its own handler after the event it failed on ran out of retries. */
    STOPPED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Events of the tag after the stored offset, and the age of the oldest of them. {@code atLeast}:
   * only the newest buckets were counted (the offset is older than the lag scan reaches).
   */
  public record Lag(long events, Duration behind, boolean atLeast) {}
}
