package dev.starling.ops.bench.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's Java heap right after a full collection: what its live data needs, not whatever garbage
 * happened to be waiting.
 *
 * @param usedBytes occupied after the collection
 * @param committedBytes reserved from the OS for the heap at that moment
 */
public record HeapAfterGc(long usedBytes, long committedBytes) {
  /** {@code garbage-first heap total 610304K, used 32528K [...]}; one line per generation. */
  private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");

  /** Runs {@code jcmd <pid> GC.run}, then reads {@code GC.heap_info}. */
  public static HeapAfterGc of(long pid) {
    Jcmd.run(Long.toString(pid), "GC.run");
    return parse(Jcmd.run(Long.toString(pid), "GC.heap_info"));
  }

  /** Sums the generations (one for G1, young and old for the parallel and serial collectors). */
  static HeapAfterGc parse(String heapInfo) {
    Matcher m = GENERATION.matcher(heapInfo);
    long committedKib = 0;
    long usedKib = 0;
    boolean found = false;
    while (m.find()) {
      committedKib += Long.parseLong(m.group(1));
      usedKib += Long.parseLong(m.group(2));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no heap figures in GC.heap_info: " + heapInfo);
    }
    return new HeapAfterGc(usedKib * 1024, committedKib * 1024);
  }
}
