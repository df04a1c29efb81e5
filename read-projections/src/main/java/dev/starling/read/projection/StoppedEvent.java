package dev.starling.read.projection;

import java.time.Instant;
import java.util.UUID;

/**
 * The event a projection instance failed on: which aggregate event it was (persistence id and
 * sequence number, the journal's own coordinates), where it sits in the tag's stream ({@code
 * offset}, a time-based UUID) and what the handler said.
 */
public record StoppedEvent(
    String persistenceId,
    long sequenceNr,
    UUID offset,
    String eventType,
    int attempts,
    String error,
    Instant at) {}
