package dev.starling.read.projection;

import java.time.Instant;
import java.util.UUID;

/** An event an operator told a projection instance to step past, as recorded. */
public record SkippedEvent(
    String persistenceId,
    long sequenceNr,
    UUID offset,
    String eventType,
    String error,
    Instant skippedAt) {}
