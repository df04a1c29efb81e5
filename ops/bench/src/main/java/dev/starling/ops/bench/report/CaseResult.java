package dev.starling.ops.bench.report;

import dev.starling.ops.bench.host.CpuUse;
import dev.starling.ops.bench.load.LoadResult;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One case at one concurrency level.
 *
 * @param statementsPerRequest Cassandra statements the node counted per request; empty when the
 *     node does not expose the counter
 * @param vsBaseline {@code 200} answers per second divided by the baseline route's answers per
 *     second (whatever its status) at the same concurrency
 * @param cpu CPU used during the measured window; empty where it cannot be read
 */
public record CaseResult(
    String name,
    LoadResult load,
    OptionalDouble statementsPerRequest,
    double vsBaseline,
    Optional<CpuUse> cpu) {}
