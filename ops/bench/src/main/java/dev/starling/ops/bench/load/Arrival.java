package dev.starling.ops.bench.load;

/**
 * One request of an open-model stream, due at a fixed time whatever happened to the ones before.
 *
 * @param sequence its number in the stream, from 0
 * @param dueNanos when it is scheduled to start, in {@link System#nanoTime()} units
 * @param measured whether it is due inside the measured window (not warm-up)
 */
public record Arrival(long sequence, long dueNanos, boolean measured) {}
