package dev.starling.ops.bench.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every port a stack started by {@code ops/starling up} listens on. */
record StackPorts(
    int http,
    int cql,
    int cassandraStorage,
    int cassandraJmx,
    int kafka,
    int kafkaController,
    int remoting) {

  static StackPorts free() {
    List<Integer> p = FreePorts.take(7);
    return new StackPorts(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6));
  }

  /** The environment variables through which {@code ops/starling up} and the node take them. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STARLING_HTTP_PORT", Integer.toString(http));
    env.put("STARLING_CASSANDRA_PORT", Integer.toString(cql));
    env.put("STARLING_CASSANDRA_STORAGE_PORT", Integer.toString(cassandraStorage));
    env.put("STARLING_CASSANDRA_JMX_PORT", Integer.toString(cassandraJmx));
    env.put("STARLING_KAFKA_PORT", Integer.toString(kafka));
    env.put("STARLING_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaController));
    env.put("STARLING_REMOTE_PORT", Integer.toString(remoting));
    return env;
  }
}
