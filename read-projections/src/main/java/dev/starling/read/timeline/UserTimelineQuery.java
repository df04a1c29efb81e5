package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.visibility.Surface;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A user's own tweets and retweets, newest first, as a reader may see them. */
public final class UserTimelineQuery {
  private final CountedEdges userTimelines;
  private final TweetViews views;

  public UserTimelineQuery(CountedEdges userTimelines, TweetViews views) {
    this.userTimelines = userTimelines;
    this.views = views;
  }

  /** Reads on past tweets hidden from the reader ({@link TweetPage#filled}). */
  public CompletionStage<TweetPage> page(long readerId, long userId, long before, int limit) {
    return TweetPage.filled(before, limit, (from, size) -> stored(readerId, userId, from, size));
  }

  private CompletionStage<TweetPage> stored(long readerId, long userId, long before, int limit) {
    return slice(userTimelines, userId, before, limit)
        .thenCompose(
            slice -> {
              var merged = TimelineSlice.merge(List.of(slice), limit);
              return views
                  .presentIds(readerId, merged.ids(), Surface.USER_TIMELINE)
                  .thenApply(items -> new TweetPage(items, merged.nextCursor()));
            });
  }

  /** The ids of a user's tweets below {@code before}, as a source of a merged timeline. */
  private static CompletionStage<TimelineSlice> slice(
      CountedEdges userTimelines, long userId, long before, int limit) {
    return userTimelines
        .scanBefore(userId, before, limit)
        .thenApply(
            scan ->
                new TimelineSlice(
                    scan.active().stream().map(CountedEdges.Member::id).toList(),
                    scan.filled(limit) ? scan.lastId() : TimelineSlice.EXHAUSTED));
  }
}
