package dev.starling.media;

import dev.starling.common.CborSerializable;
import java.time.Instant;

/**
 * One uploaded medium: who uploaded it, what it is and where its bytes are ({@code key}, the hex
 * SHA-256 of the bytes in the media store). {@code width}/{@code height} are null when unknown.
 */
public record MediaData(
    long id,
    long uploaderId,
    String contentType,
    long size,
    String key,
    Integer width,
    Integer height,
    Instant uploadedAt)
    implements CborSerializable {}
