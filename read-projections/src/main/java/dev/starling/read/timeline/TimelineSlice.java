package dev.starling.read.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What one source of a timeline returned below a cursor: the visible tweet ids, newest first, and
 * the lowest id it scanned when it stopped because of its limit ({@code floor}); an exhausted
 * source has no floor. Below the highest floor of the merged sources nothing is known yet, so a
 * merged page ends there and its cursor continues from there.
 */
public record TimelineSlice(List<Long> ids, long floor) {
  public static final long EXHAUSTED = Long.MIN_VALUE;

  public record Merged(List<Long> ids, Long nextCursor) {}

  public static Merged merge(List<TimelineSlice> slices, int limit) {
    long floor = slices.stream().mapToLong(TimelineSlice::floor).max().orElse(EXHAUSTED);
    var candidates = new TreeSet<Long>((a, b) -> Long.compare(b, a));
    for (var slice : slices) {
      for (long id : slice.ids()) {
        if (id >= floor) {
          candidates.add(id);
        }
      }
    }
    var page = new ArrayList<Long>(limit);
    for (long id : candidates) {
      if (page.size() == limit) {
        return new Merged(page, page.get(page.size() - 1));
      }
      page.add(id);
    }
    if (floor != EXHAUSTED) {
      return new Merged(page, floor);
    }
    return new Merged(page, null);
  }
}
