package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import dev.starling.read.visibility.Surface;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How a home timeline page is built:
 *
 * <ol>
 *   <li>the sources below the cursor, newest first: the rows fanned out to the reader's home
 *       timeline and the reader's own tweets (so an author sees a tweet the moment it is
 *       acknowledged), one query each;
 *   <li>merged by id ({@link TimelineSlice#merge}): a page never reaches below what every source
 *       has scanned, so following cursors visits every tweet once while new ones arrive;
 *   <li>the tweets loaded in one batch, filtered by the {@link
 *       dev.starling.read.visibility.VisibilityPolicy} for {@link Surface#HOME_TIMELINE} (blocks,
 *       mutes, followers-only, retweets of gone or hidden originals) and dressed with authors,
 *       counts and the reader's flags by {@link TweetViews}, each a batch.
 * </ol>
 *
 * A page costs the same number of queries whatever its size, and a warm page only the two source
 * queries.
 */
public final class HomeTimelineQuery {
  private final HomeTimelines homes;
  private final CountedEdges userTimelines;
  private final TweetViews views;

  public HomeTimelineQuery(HomeTimelines homes, CountedEdges userTimelines, TweetViews views) {
    this.homes = homes;
    this.userTimelines = userTimelines;
    this.views = views;
  }

  public CompletionStage<TweetPage> page(long readerId, long before, int limit) {
    var fannedOut =
        homes
            .before(readerId, before, limit)
            .thenApply(
                entries ->
                    new TimelineSlice(
                        entries.stream().map(HomeTimelines.Entry::tweetId).toList(),
                        entries.size() >= limit
                            ? entries.get(entries.size() - 1).tweetId()
                            : TimelineSlice.EXHAUSTED));
    var own = UserTimelineQuery.slice(userTimelines, readerId, before, limit);
    return fannedOut
        .thenCombine(own, (home, mine) -> TimelineSlice.merge(List.of(home, mine), limit))
        .thenCompose(
            merged ->
                views
                    .presentIds(readerId, merged.ids(), Surface.HOME_TIMELINE)
                    .thenApply(items -> new TweetPage(items, merged.nextCursor())));
  }
}
