package dev.starling.read.timeline;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A stored timeline as {@link HotTimelines} reads it: rows newest first, each a tweet and whose it
 * is, or a tombstone ({@code present == false}) where a tweet was taken out.
 */
interface TimelineStore {
  record Row(long tweetId, long authorId, boolean present) {}

  /** Up to {@code limit} rows with ids below {@code before}, newest first. */
  CompletionStage<List<Row>> before(long owner, long before, int limit);

  /** The newest {@code limit} rows with ids above {@code after}, newest first. */
  CompletionStage<List<Row>> newerThan(long owner, long after, int limit);
}
