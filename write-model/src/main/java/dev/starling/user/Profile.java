package dev.starling.user;

import dev.starling.common.CborSerializable;
import java.time.Instant;

/** The public part of an account, as stored in events and served by the read side. */
public record Profile(
    long userId, String handle, String displayName, String bio, String location, Instant createdAt)
    implements CborSerializable {}
