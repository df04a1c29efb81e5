package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.starling.read.timeline.TimelineStore.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The k-way merge of a home timeline's sources — fanned-out entries, the reader's own tweets,
 * followed celebrities' tweets — paged by cursors, with the production slicing ({@link
 * HotTimelines}, whatever part of a timeline is in memory) and merge ({@link TimelineSlice}).
 */
class TimelineMergePropertiesTest {
  private static final long NEWEST_OLD_ID = 10_000;

  /** A timeline kept in a sorted set, answering like the stored tables do. */
  private static final class SortedStore implements TimelineStore {
    final Map<Long, TreeSet<Long>> byOwner;

    SortedStore(Map<Long, TreeSet<Long>> byOwner) {
      this.byOwner = byOwner;
    }

    @Override
    public CompletionStage<List<Row>> before(long owner, long before, int limit) {
      return rows(owner, byOwner.get(owner).tailSet(before, false), limit);
    }

    @Override
    public CompletionStage<List<Row>> newerThan(long owner, long after, int limit) {
      return rows(owner, byOwner.get(owner).headSet(after, false), limit);
    }

    private static CompletionStage<List<Row>> rows(long owner, Collection<Long> ids, int limit) {
      return CompletableFuture.completedFuture(
          ids.stream().limit(limit).map(id -> new Row(id, owner, true)).toList());
    }
  }

  private static TreeSet<Long> newestFirst(Collection<Long> ids) {
    var sorted = new TreeSet<Long>(Comparator.reverseOrder());
    sorted.addAll(ids);
    return sorted;
  }

  @Provide
  Arbitrary<List<Set<Long>>> sources() {
    // ids from a small range, so sources share tweets (fanned out and merged alike)
    return Arbitraries.longs().between(1, 300).set().ofMaxSize(60).list().ofMinSize(1).ofMaxSize(5);
  }

  private static HotTimelines hot(SortedStore store, int inMemory) {
    return new HotTimelines(
        store,
        Peers.ASSUMED,
        ConfigFactory.parseMap(
            Map.of(
                "max-timelines", 100,
                "entries-per-timeline", inMemory,
                "sync-interval", "1h",
                "sync-lookback", "1s",
                "resync-interval", "1h",
                "idle-timeout", "1h")));
  }

  /** One page: every source sliced below the cursor, merged. */
  private static TimelineSlice.Merged page(
      HotTimelines hot, int sourceCount, long before, int limit) {
    var slices = new ArrayList<TimelineSlice>();
    for (long owner = 0; owner < sourceCount; owner++) {
      var slice = hot.slice(owner, before, limit).toCompletableFuture().join();
      slices.add(
          new TimelineSlice(
              slice.entries().stream().map(HomeTimelines.Entry::tweetId).toList(), slice.floor()));
    }
    return TimelineSlice.merge(slices, limit);
  }

  @Property
  void followingCursorsVisitsEveryTweetOfEverySourceOnceNewestFirst(
      @ForAll("sources") List<Set<Long>> sources,
      @ForAll @IntRange(min = 1, max = 12) int limit,
      @ForAll @IntRange(min = 1, max = 40) int inMemory) {
    var byOwner = new HashMap<Long, TreeSet<Long>>();
    for (int i = 0; i < sources.size(); i++) {
      byOwner.put((long) i, newestFirst(sources.get(i)));
    }
    var hot = hot(new SortedStore(byOwner), inMemory);
    var expected = newestFirst(sources.stream().flatMap(Set::stream).toList());

    var seen = new ArrayList<Long>();
    long cursor = Long.MAX_VALUE;
    for (int pages = 0; pages <= expected.size() + 1; pages++) {
      var merged = page(hot, sources.size(), cursor, limit);
      seen.addAll(merged.ids());
      if (merged.nextCursor() == null) {
        break;
      }
      cursor = merged.nextCursor();
    }

    assertEquals(new ArrayList<>(expected), seen);
  }

  @Property
  void tweetsArrivingWhilePagingNeitherRepeatNorHideOlderOnes(
      @ForAll("sources") List<Set<Long>> sources,
      @ForAll @IntRange(min = 1, max = 12) int limit,
      @ForAll @IntRange(min = 1, max = 40) int inMemory) {
    var byOwner = new HashMap<Long, TreeSet<Long>>();
    for (int i = 0; i < sources.size(); i++) {
      byOwner.put((long) i, newestFirst(sources.get(i)));
    }
    var store = new SortedStore(byOwner);
    var hot = hot(store, inMemory);
    var existing = newestFirst(sources.stream().flatMap(Set::stream).toList());

    var seen = new ArrayList<Long>();
    long cursor = Long.MAX_VALUE;
    long arriving = NEWEST_OLD_ID;
    for (int pages = 0; pages <= existing.size() + 1; pages++) {
      var merged = page(hot, sources.size(), cursor, limit);
      seen.addAll(merged.ids());
      if (merged.nextCursor() == null) {
        break;
      }
      cursor = merged.nextCursor();
      // a new tweet lands in every source (stored, and in memory as a writer reports it)
      arriving++;
      for (long owner = 0; owner < sources.size(); owner++) {
        store.byOwner.get(owner).add(arriving);
        hot.added(owner, List.of(new HomeTimelines.Entry(arriving, owner)));
      }
    }

    var olderSeen = seen.stream().filter(id -> id < NEWEST_OLD_ID).collect(Collectors.toList());
    assertEquals(new ArrayList<>(existing), olderSeen);
    assertEquals(seen.stream().distinct().count(), seen.size(), "no tweet twice: " + seen);
  }
}
