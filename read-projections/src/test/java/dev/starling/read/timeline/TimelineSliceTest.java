package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge rule on hand-made slices. Paging through whole timelines — sources cut below a cursor
 * by the production reader ({@link HotTimelines}, in memory and from the store), then merged — is
 * {@link TimelineMergePropertiesTest}' job, so no copy of the cutting rule lives in a test.
 */
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
}
