package dev.starling.ops.bench.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the node's CPU went during a recording, from its execution samples (threads running Java
 * code; a thread waiting on a socket or a lock is not sampled): methods by self samples (the top
 * frame), methods by total samples (anywhere on the stack), Starling's own methods by total
 * samples, self samples by library (the top frame's package, three levels deep) and samples by
 * thread group.
 */
public record JfrSummary(
    long samples,
    long truncatedStacks,
    List<Count> bySelf,
    List<Count> byTotal,
    List<Count> starlingByTotal,
    List<Count> selfByLibrary,
    List<Count> byThreadGroup,
    long gcCount,
    Duration gcPauses) {

  private static final int SELF_TOP = 25;
  private static final int TOTAL_TOP = 15;
  private static final int LIBRARY_TOP = 15;
  private static final String STARLING_PACKAGE = "dev.starling.";

  public record Count(String name, long samples) {}

  public static JfrSummary of(Path recording) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> libraries = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    long samples = 0;
    long truncated = 0;
    long gcCount = 0;
    Duration gcPauses = Duration.ZERO;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        if (type.equals("jdk.GarbageCollection")) {
          gcCount++;
          gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
        }
        if (!type.equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        samples++;
        RecordedStackTrace stack = event.getStackTrace();
        if (stack.isTruncated()) {
          truncated++;
        }
        List<RecordedFrame> frames = stack.getFrames();
        if (!frames.isEmpty()) {
          self.merge(methodName(frames.get(0)), 1L, Long::sum);
          libraries.merge(library(frames.get(0)), 1L, Long::sum);
        }
        Set<String> onStack = new HashSet<>();
        for (RecordedFrame frame : frames) {
          if (!isLambdaForm(frame)) {
            onStack.add(methodName(frame));
          }
        }
        onStack.forEach(method -> total.merge(method, 1L, Long::sum));
        threads.merge(threadGroup(event.getThread("sampledThread")), 1L, Long::sum);
      }
    }
    return new JfrSummary(
        samples,
        truncated,
        top(self, SELF_TOP),
        top(total, TOTAL_TOP),
        top(starlingOnly(total), TOTAL_TOP),
        top(libraries, LIBRARY_TOP),
        top(threads, Integer.MAX_VALUE),
        gcCount,
        gcPauses);
  }

  /**
   * A lambda's generated class only forwards to the {@code lambda$...} method that follows it on
   * the stack; counting both would list every lambda twice.
   */
  private static boolean isLambdaForm(RecordedFrame frame) {
    return frame.getMethod().getType().getName().contains("$$Lambda$");
  }

  private static String methodName(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** {@code io.netty.channel.nio.NioEventLoop} → {@code io.netty.channel}. */
  private static String library(RecordedFrame frame) {
    String[] parts = frame.getMethod().getType().getName().split("\\.");
    return String.join(".", Arrays.asList(parts).subList(0, Math.min(3, parts.length - 1)));
  }

  private static Map<String, Long> starlingOnly(Map<String, Long> counts) {
    Map<String, Long> starling = new HashMap<>(counts);
    starling.keySet().removeIf(method -> !method.startsWith(STARLING_PACKAGE));
    return starling;
  }

  /**
   * Numbered pool threads fold into one group: {@code ...-dispatcher-7} → {@code ...-dispatcher-N}.
   */
  static String threadGroup(RecordedThread thread) {
    String name = thread == null ? null : thread.getJavaName();
    return name == null ? "(unnamed)" : name.replaceAll("\\d+", "N");
  }

  private static List<Count> top(Map<String, Long> counts, int limit) {
    return counts.entrySet().stream()
        .map(e -> new Count(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Count::samples).reversed().thenComparing(Count::name))
        .limit(limit)
        .toList();
  }

  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%d execution samples (%d with stacks truncated at JFR's depth limit); GC: %d collections,"
            + " %d ms paused%n",
        samples,
        truncatedStacks,
        gcCount,
        gcPauses.toMillis());
    printCounts(out, "Top " + SELF_TOP + " methods by self samples", bySelf);
    printCounts(
        out, "Top " + TOTAL_TOP + " methods by total samples (anywhere on the stack)", byTotal);
    printCounts(out, "Top " + TOTAL_TOP + " Starling methods by total samples", starlingByTotal);
    printCounts(out, "Self samples by library (top frame's package)", selfByLibrary);
    printCounts(out, "Samples by thread group", byThreadGroup);
  }

  private void printCounts(PrintStream out, String title, List<Count> counts) {
    out.println(title + ":");
    for (Count count : counts) {
      out.printf(
          Locale.ROOT,
          "  %6d %5.1f%%  %s%n",
          count.samples(),
          samples == 0 ? 0.0 : 100.0 * count.samples() / samples,
          count.name());
    }
  }
}
