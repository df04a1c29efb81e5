package dev.starling.read.timeline;

import dev.starling.read.visibility.ShownPages;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * A page of tweets and where the next one starts ({@code null} at the end). The cursor is the last
 * id scanned, shown or not, so a page whose tweets were all hidden from the reader still moves on.
 */
public record TweetPage(List<TweetView> items, Long nextCursor) {
  /**
   * Reads stored pages from {@code before} on until {@code limit} tweets are shown ({@link
   * ShownPages#filled}), so hidden entries do not leave a page short.
   *
   * @param stored one stored page below a cursor with at most the given number of entries, as the
   *     reader may see them
   */
  static CompletionStage<TweetPage> filled(
      long before, int limit, BiFunction<Long, Integer, CompletionStage<TweetPage>> stored) {
    return ShownPages.<TweetView>filled(
            before,
            limit,
            (from, size) ->
                stored
                    .apply(from, size)
                    .thenApply(page -> new ShownPages.Page<>(page.items(), page.nextCursor())))
        .thenApply(page -> new TweetPage(page.shown(), page.nextCursor()));
  }
}
