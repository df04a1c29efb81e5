package dev.starling.ops.bench.load;

import java.util.function.IntFunction;

/**
 * A route under load.
 *
 * @param requestFor the encoded request connection {@code n} (from 0) sends every time
 */
public record LoadCase(String name, IntFunction<byte[]> requestFor) {}
