package dev.starling.read.visibility;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Pages of a list read newest first whose entries the {@link VisibilityPolicy} may hide from the
 * reader after they were stored (timelines, notifications): stored pages are read on until a page
 * shows {@code limit} entries, so hidden entries do not leave it short.
 */
public final class ShownPages {
  /**
   * Stored pages read for one page at most: a page whose stored entries are all hidden from the
   * reader reads on to the next visible ones, but a reader who has hidden nearly everything gets a
   * short page (with a cursor that moves on) rather than a scan of the whole list.
   */
  public static final int MAX_STORED_PAGES = 10;

  private ShownPages() {}

  /**
   * What one stored page shows the reader, and where the next one starts: the last entry scanned,
   * shown or not ({@code null} at the end), so a page whose entries were all hidden still moves on.
   */
  public record Page<T>(List<T> shown, Long nextCursor) {}

  /**
   * Reads stored pages from {@code before} on until {@code limit} entries are shown, the list ends,
   * or {@link #MAX_STORED_PAGES} were read.
   *
   * @param stored one stored page below a cursor with at most the given number of entries, as the
   *     reader may see them
   */
  public static <T> CompletionStage<Page<T>> filled(
      long before, int limit, BiFunction<Long, Integer, CompletionStage<Page<T>>> stored) {
    return filled(new ArrayList<>(limit), before, limit, MAX_STORED_PAGES, stored);
  }

  private static <T> CompletionStage<Page<T>> filled(
      List<T> shown,
      long before,
      int limit,
      int pagesLeft,
      BiFunction<Long, Integer, CompletionStage<Page<T>>> stored) {
    return stored
        .apply(before, limit - shown.size())
        .thenCompose(
            page -> {
              shown.addAll(page.shown());
              if (shown.size() >= limit || page.nextCursor() == null || pagesLeft <= 1) {
                return CompletableFuture.completedFuture(
                    new Page<>(List.copyOf(shown), page.nextCursor()));
              }
              return filled(shown, page.nextCursor(), limit, pagesLeft - 1, stored);
            });
  }
}
