package dev.starling.read.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * A page of tweets and where the next one starts ({@code null} at the end). The cursor is the last
 * id scanned, shown or not, so a page whose tweets were all hidden from the reader still moves on.
 */
public record TweetPage(List<TweetView> items, Long nextCursor) {
  /**
   * Stored pages read for one page at most: a page whose stored entries are all hidden from the
   * reader reads on to the next visible ones, but a reader who has hidden nearly everything gets a
   * short page (with a cursor that moves on) rather than a scan of the whole timeline.
   */
  static final int MAX_STORED_PAGES = 10;

  /**
   * Reads stored pages from {@code before} on until {@code limit} tweets are shown, the timeline
   * ends, or {@link #MAX_STORED_PAGES} were read, so hidden entries do not leave a page short.
   *
   * @param stored one stored page below a cursor with at most the given number of entries, as the
   *     reader may see them
   */
  static CompletionStage<TweetPage> filled(
      long before, int limit, BiFunction<Long, Integer, CompletionStage<TweetPage>> stored) {
    return filled(new ArrayList<>(limit), before, limit, MAX_STORED_PAGES, stored);
  }

  private static CompletionStage<TweetPage> filled(
      List<TweetView> shown,
      long before,
      int limit,
      int pagesLeft,
      BiFunction<Long, Integer, CompletionStage<TweetPage>> stored) {
    return stored
        .apply(before, limit - shown.size())
        .thenCompose(
            page -> {
              shown.addAll(page.items());
              if (shown.size() >= limit || page.nextCursor() == null || pagesLeft <= 1) {
                return CompletableFuture.completedFuture(
                    new TweetPage(List.copyOf(shown), page.nextCursor()));
              }
              return filled(shown, page.nextCursor(), limit, pagesLeft - 1, stored);
            });
  }
}
