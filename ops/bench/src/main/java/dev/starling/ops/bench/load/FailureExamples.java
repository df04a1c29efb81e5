package dev.starling.ops.bench.load;

import dev.starling.ops.bench.http.HttpResponse;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The first failing response of each stream and status, so that a report says what the failures
 * were (a problem document's detail, a proxy's text) rather than only how many there were.
 */
public final class FailureExamples {
  private static final int MOST_CHARACTERS = 240;

  private final Map<String, String> firstByStreamAndStatus = new ConcurrentSkipListMap<>();

  /** Keeps {@code response} if it is a failure and the first of its stream and status. */
  public void note(String stream, HttpResponse response) {
    if (Outcome.of(response).isFailure()) {
      firstByStreamAndStatus.computeIfAbsent(
          stream + " " + Outcome.of(response).label(), key -> excerpt(response));
    }
  }

  public void print(PrintStream out) {
    firstByStreamAndStatus.forEach(
        (streamAndStatus, body) -> out.println("  first " + streamAndStatus + ": " + body));
  }

  private static String excerpt(HttpResponse response) {
    String body = response.bodyText().replaceAll("\\s+", " ").strip();
    String status = Integer.toString(response.status());
    String text = body.isEmpty() ? "(no body)" : body;
    return status
        + " "
        + (text.length() > MOST_CHARACTERS ? text.substring(0, MOST_CHARACTERS) + "…" : text);
  }
}
