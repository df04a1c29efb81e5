package dev.starling.common.tracing;

/**
 * An event on its way from a {@link TracedAggregate} to the journal, in the same JVM, with the
 * trace of the command that persisted it. Never serialized: the node's journal ({@code
 * dev.starling.read.tracing.TracingCassandraJournal}) stores the event as it is and the trace as
 * the event's metadata.
 */
public record TracedEvent(Object event, TraceParent trace) {}
