package dev.starling.common.tracing;

import dev.starling.common.CborSerializable;

/**
 * A W3C trace context, the values of the {@code traceparent} and {@code tracestate} headers, as it
 * travels with a command to its entity and, as the journal metadata of the events that command
 * persisted, on to the projections that apply them: so a projection's work joins the trace of the
 * request that wrote the event. Plain strings, so the write model needs no tracing library to carry
 * it; {@code dev.starling.read.tracing.Tracing} makes and reads them.
 *
 * <p>Stored in the journal's {@code meta} column (Jackson CBOR, manifest: this class's name), next
 * to the event and apart from it: the event's own stored form does not change.
 */
public record TraceParent(String traceparent, String tracestate) implements CborSerializable {
  public TraceParent {
    if (traceparent == null || traceparent.isBlank()) {
      throw new IllegalArgumentException("traceparent is required");
    }
    tracestate = tracestate == null ? "" : tracestate;
  }
}
