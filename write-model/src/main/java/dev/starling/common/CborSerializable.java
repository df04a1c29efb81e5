package dev.starling.common;

/**
 * Marker for every command, reply, event and state that crosses a serialization boundary (journal,
 * snapshot store, cluster remoting). Bound to Jackson CBOR in reference.conf.
 */
public interface CborSerializable {}
