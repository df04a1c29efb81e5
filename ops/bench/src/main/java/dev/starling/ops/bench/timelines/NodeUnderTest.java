package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.http.Endpoint;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where the node under test answers, where its data lives, and which processes to watch.
 *
 * @param nodePid the node's JVM, when it runs on this machine and was found
 * @param cassandraPids the Cassandra JVMs whose CPU counts as the database's
 */
public record NodeUnderTest(
    Endpoint endpoint,
    OptionalLong nodePid,
    List<Long> cassandraPids,
    String cassandraContactPoint,
    String keyspace) {}
