package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.starling.common.Snowflake;
import dev.starling.read.timeline.HomeTimelines.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What in-memory timelines read back from their store: on a node with peers, what those peers may
 * have written; on a node alone in its cluster, nothing after the first load.
 */
class HotTimelinesTest {
  private static final long OWNER = 7;

  /** One owner's rows, written behind the cache's back unless told, counting the reads. */
  private static final class CountingStore implements TimelineStore {
    final ConcurrentSkipListSet<Long> ids = new ConcurrentSkipListSet<>(Comparator.reverseOrder());
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public CompletionStage<List<Row>> before(long owner, long before, int limit) {
      return rows(ids.tailSet(before, false), limit);
    }

    @Override
    public CompletionStage<List<Row>> newerThan(long owner, long after, int limit) {
      return rows(ids.headSet(after, false), limit);
    }

    private CompletionStage<List<Row>> rows(Set<Long> found, int limit) {
      reads.incrementAndGet();
      return CompletableFuture.completedFuture(
          found.stream().limit(limit).map(id -> new Row(id, 1, true)).toList());
    }
  }

  private final CountingStore store = new CountingStore();

  private HotTimelines hot(Peers peers) {
    return new HotTimelines(
        store,
        peers,
        ConfigFactory.parseMap(
            Map.of(
                "max-timelines", 10,
                "entries-per-timeline", 50,
                "sync-interval", "0s",
                "sync-lookback", "3650d",
                "resync-interval", "1h",
                "idle-timeout", "1h")));
  }

  private static List<Long> ids(CompletionStage<HotTimelines.Slice> slice) {
    var ids = new ArrayList<Long>();
    slice.toCompletableFuture().join().entries().forEach(e -> ids.add(e.tweetId()));
    return ids;
  }

  // tweet ids of now, so a sync looking back from now finds them
  private final long now = Snowflake.firstIdAt(Instant.now());

  private long newId(int n) {
    return now + n;
  }

  @Test
  void withPeersEveryReadPastTheSyncIntervalPicksUpWhatTheyWrote() {
    var hot = hot(Peers.ASSUMED);
    store.ids.add(newId(1));
    assertEquals(List.of(newId(1)), ids(hot.slice(OWNER, Long.MAX_VALUE, 10)));
    int loaded = store.reads.get();
    store.ids.add(newId(2)); // another node's delivery

    assertEquals(List.of(newId(2), newId(1)), ids(hot.slice(OWNER, Long.MAX_VALUE, 10)));
    assertEquals(loaded + 1, store.reads.get(), "one sync per read past the sync interval");
  }

  @Test
  void aloneInTheClusterOnlyTheFirstReadGoesToTheStoreAndWritesReachMemoryAsMade() {
    var hot = hot(Peers.none());
    store.ids.add(newId(1));
    assertEquals(List.of(newId(1)), ids(hot.slice(OWNER, Long.MAX_VALUE, 10)));
    store.ids.add(newId(2));
    hot.added(OWNER, List.of(new Entry(newId(2), 1))); // this node's write, reported as made

    assertEquals(List.of(newId(2), newId(1)), ids(hot.slice(OWNER, Long.MAX_VALUE, 10)));
    assertEquals(
        List.of(newId(2), newId(1)), ids(hot.sliceOfEveryWrite(OWNER, Long.MAX_VALUE, 10)));
    assertEquals(1, store.reads.get(), "the load only");
  }

  @Test
  void withPeersTheReadersOwnTweetsComeFromTheStoreEveryTime() {
    var hot = hot(Peers.ASSUMED);
    store.ids.add(newId(1));
    hot.slice(OWNER, Long.MAX_VALUE, 10).toCompletableFuture().join();
    store.ids.add(newId(2)); // posted through another node a moment ago
    int before = store.reads.get();

    assertEquals(
        List.of(newId(2), newId(1)), ids(hot.sliceOfEveryWrite(OWNER, Long.MAX_VALUE, 10)));
    assertEquals(before + 1, store.reads.get());
  }
}
