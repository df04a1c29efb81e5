package dev.starling.ops.bench.host;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * CPU used during a window, in cores (1.0 = one core busy the whole window).
 *
 * @param machine every process of the machine
 * @param node the node's JVM, when it runs on this machine and was found
 * @param cassandra every Cassandra JVM on this machine, when there is one
 * @param client this benchmark's own JVM
 */
public record CpuUse(double machine, OptionalDouble node, OptionalDouble cassandra, double client) {

  /** What the rest of the machine used: other benchmarks, builds, Kafka. */
  public double other() {
    return Math.max(0, machine - node.orElse(0) - cassandra.orElse(0) - client);
  }

  /** {@code node/cassandra/client/other}, e.g. {@code 0.82/0.95/0.15/0.05}. */
  public String compact() {
    return String.join(
        "/",
        cores(node),
        cores(cassandra),
        cores(OptionalDouble.of(client)),
        cores(OptionalDouble.of(other())));
  }

  private static String cores(OptionalDouble cores) {
    return cores.isPresent() ? String.format(Locale.ROOT, "%.2f", cores.getAsDouble()) : "-";
  }
}
