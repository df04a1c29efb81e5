package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TimelineSliceTest {

  @Test
  void mergesNewestFirstWithoutDuplicates() {
    var merged =
        TimelineSlice.merge(
            List.of(
                new TimelineSlice(List.of(9L, 7L, 5L), TimelineSlice.EXHAUSTED),
                new TimelineSlice(List.of(8L, 7L), TimelineSlice.EXHAUSTED)),
            10);
    assertEquals(List.of(9L, 8L, 7L, 5L), merged.ids());
    assertNull(merged.nextCursor());
  }

  @Test
  void aPageNeverReachesBelowWhatEverySourceHasScanned() {
    var merged =
        TimelineSlice.merge(
            List.of(
                new TimelineSlice(List.of(10L, 9L), 9L),
                new TimelineSlice(List.of(8L, 2L), TimelineSlice.EXHAUSTED)),
            5);
    assertEquals(List.of(10L, 9L), merged.ids());
    assertEquals(9L, merged.nextCursor());
  }

  /** Paging two random sources with random limits visits every id exactly once, in order. */
  @Test
  void followingCursorsVisitsEveryIdOnce() {
    var random = new Random(42);
    for (int round = 0; round < 200; round++) {
      var a = randomIds(random);
      var b = randomIds(random);
      var expected = new TreeSet<Long>((x, y) -> Long.compare(y, x));
      expected.addAll(a);
      expected.addAll(b);
      int limit = 1 + random.nextInt(7);
      var seen = new ArrayList<Long>();
      long cursor = Long.MAX_VALUE;
      for (int pages = 0; pages < 1000; pages++) {
        var merged =
            TimelineSlice.merge(List.of(slice(a, cursor, limit), slice(b, cursor, limit)), limit);
        seen.addAll(merged.ids());
        if (merged.nextCursor() == null) {
          break;
        }
        cursor = merged.nextCursor();
      }
      assertEquals(new ArrayList<>(expected), seen);
    }
  }

  private static TreeSet<Long> randomIds(Random random) {
    var ids = new TreeSet<Long>((x, y) -> Long.compare(y, x));
    int n = random.nextInt(30);
    while (ids.size() < n) {
      ids.add((long) random.nextInt(100));
    }
    return ids;
  }

  private static TimelineSlice slice(TreeSet<Long> source, long before, int limit) {
    var page = source.tailSet(before, false).stream().limit(limit).toList();
    return new TimelineSlice(
        page, page.size() >= limit ? page.get(page.size() - 1) : TimelineSlice.EXHAUSTED);
  }
}
