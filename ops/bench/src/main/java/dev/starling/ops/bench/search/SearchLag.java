package dev.starling.ops.bench.search;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.seed.RunId;
import dev.starling.ops.bench.seed.StarlingClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Post → searchable against a running node: tweets with a word of their own are posted in rounds,
 * then searched for until each shows up; the lag runs from the {@code 201} of the post to the first
 * search that finds it (so it is rounded up to one polling pass, a few tens of milliseconds).
 */
final class SearchLag {
  private static final int PER_ROUND = 10;
  private static final long GIVE_UP_NANOS = 30_000_000_000L;

  private SearchLag() {}

  /** Between polling passes, so probing does not load the node it measures. */
  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Pending(long tweetId, String word, long postedAt) {}

  static void measure(Endpoint endpoint, int tweets, PrintStream out) {
    String run = RunId.next();
    String handle = "s" + run + "lag";
    String password = "search-lag-" + run;
    var lags = new Histogram(3);
    int lost = 0;
    try (var client = new StarlingClient(endpoint)) {
      client.signUp(handle, password);
      String token = client.accessToken(handle, password);
      for (int posted = 0; posted < tweets; posted += PER_ROUND) {
        var pending = new ArrayList<Pending>();
        for (int i = posted; i < Math.min(tweets, posted + PER_ROUND); i++) {
          String word = "lag" + run + "w" + i;
          long id = client.post(token, "search lag probe " + word, null, run + "-" + i);
          pending.add(new Pending(id, word, System.nanoTime()));
        }
        while (!pending.isEmpty()) {
          var iterator = pending.iterator();
          while (iterator.hasNext()) {
            var probe = iterator.next();
            if (client.searchFinds(token, probe.word(), probe.tweetId())) {
              lags.recordValue(System.nanoTime() - probe.postedAt());
              iterator.remove();
            } else if (System.nanoTime() - probe.postedAt() > GIVE_UP_NANOS) {
              lost++;
              iterator.remove();
            }
          }
          pause();
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "post -> searchable on %s (%,d tweets, %d at a time): P50 %.2f s, P99 %.2f s, max %.2f s,"
            + " not found within 30 s: %d (target P99 < 5 s)%n",
        endpoint,
        lags.getTotalCount(),
        PER_ROUND,
        lags.getValueAtPercentile(50) / 1e9,
        lags.getValueAtPercentile(99) / 1e9,
        lags.getMaxValue() / 1e9,
        lost);
  }
}
