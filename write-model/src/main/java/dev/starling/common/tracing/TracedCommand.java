package dev.starling.common.tracing;

/**
 * A command asked of an entity within a traced request, with the trace it belongs to. Entities
 * asked this way extend {@link TracedAggregate}, which hands the command to the aggregate's handler
 * and the trace to the events it persists. Sent between nodes by {@link TracedCommandSerializer}.
 */
public record TracedCommand(TraceParent trace, Object command) {
  public TracedCommand {
    if (trace == null || command == null) {
      throw new IllegalArgumentException("a traced command needs its trace and its command");
    }
  }
}
