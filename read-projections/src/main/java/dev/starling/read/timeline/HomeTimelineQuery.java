package dev.starling.read.timeline;

import dev.starling.read.graph.ReaderRelations;
import dev.starling.read.graph.Relations;
import dev.starling.read.timeline.HomeTimelines.Entry;
import dev.starling.read.visibility.Surface;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a home timeline page is built:
 *
 * <ol>
 *   <li>the sources below the cursor, newest first: the entries fanned out to the reader (from
 *       memory when the reader is active, {@link HotTimelines}), the reader's own tweets (never
 *       behind a write, so an author sees a tweet the moment it is acknowledged, on any node: one
 *       query, or memory on a node alone in its cluster, which makes every write), and the recent
 *       tweets of every followed celebrity, which are not fanned out but merged here (from memory,
 *       {@link Celebrities});
 *   <li>fanned-out entries of authors the reader no longer follows are dropped (another node's
 *       memory may not have seen the unfollow yet);
 *   <li>a k-way merge by id ({@link TimelineSlice#merge}): a page never reaches below what every
 *       source has scanned, so following cursors visits every tweet once while new ones arrive, and
 *       a tweet both fanned out and merged shows once;
 *   <li>the tweets loaded in one batch, filtered by the {@link
 *       dev.starling.read.visibility.VisibilityPolicy} for {@link Surface#HOME_TIMELINE} and
 *       dressed with authors, counts and the reader's flags by {@link TweetViews}, each a batch;
 *   <li>while hidden entries leave the page short, the next stored page below it is read too
 *       ({@link TweetPage#filled});
 *   <li>a first page that stays nearly empty (a new reader) is topped up with recent popular tweets
 *       ({@link PopularTweets}).
 * </ol>
 *
 * A warm page costs one Cassandra statement (the reader's own tweets) whatever its size, and none
 * on a node alone in its cluster.
 */
public final class HomeTimelineQuery {
  private final HotTimelines hotHomes;
  private final HotTimelines hotAuthors;
  private final Relations relations;
  private final Celebrities celebrities;
  private final TweetViews views;
  private final PopularTweets popular;

  HomeTimelineQuery(
      HotTimelines hotHomes,
      HotTimelines hotAuthors,
      Relations relations,
      Celebrities celebrities,
      TweetViews views,
      PopularTweets popular) {
    this.hotHomes = hotHomes;
    this.hotAuthors = hotAuthors;
    this.relations = relations;
    this.celebrities = celebrities;
    this.views = views;
    this.popular = popular;
  }

  public CompletionStage<TweetPage> page(long readerId, long before, int limit) {
    return TweetPage.filled(before, limit, (from, size) -> stored(readerId, from, size))
        .thenCompose(
            page ->
                before == Long.MAX_VALUE && page.nextCursor() == null
                    ? popular
                        .topUp(readerId, page.items(), limit)
                        .thenApply(items -> new TweetPage(items, null))
                    : CompletableFuture.completedFuture(page));
  }

  /** One stored page below {@code before}, as the reader may see it. */
  private CompletionStage<TweetPage> stored(long readerId, long before, int limit) {
    // the reader's own sources do not depend on their relations: all three reads go out at once,
    // so a reader new to this node waits for one round trip here, not two
    var fanned = hotHomes.slice(readerId, before, limit).toCompletableFuture();
    var own =
        hotAuthors
            .sliceOfEveryWrite(readerId, before, limit)
            .thenApply(HomeTimelineQuery::timelineSlice)
            .toCompletableFuture();
    return relations
        .of(readerId)
        .thenCompose(
            reader ->
                celebrities
                    .mergedFor(reader)
                    .thenCompose(merged -> sources(reader, merged, fanned, own, before, limit)))
        .thenCompose(
            sources -> {
              var page = TimelineSlice.merge(sources, limit);
              return views
                  .presentIds(readerId, page.ids(), Surface.HOME_TIMELINE)
                  .thenApply(items -> new TweetPage(items, page.nextCursor()));
            });
  }

  private CompletionStage<List<TimelineSlice>> sources(
      ReaderRelations reader,
      Set<Long> celebrityFollowees,
      CompletableFuture<HotTimelines.Slice> fanned,
      CompletableFuture<TimelineSlice> own,
      long before,
      int limit) {
    var all = new ArrayList<CompletableFuture<TimelineSlice>>();
    all.add(fanned.thenApply(slice -> fannedOut(reader, slice)));
    all.add(own);
    for (long celebrity : celebrityFollowees) {
      all.add(
          hotAuthors
              .slice(celebrity, before, limit)
              .thenApply(HomeTimelineQuery::timelineSlice)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(done -> all.stream().map(CompletableFuture::join).toList());
  }

  /** The fanned-out entries of authors the reader still follows, with the floor as scanned. */
  private static TimelineSlice fannedOut(ReaderRelations reader, HotTimelines.Slice slice) {
    var kept =
        slice.entries().stream()
            .filter(e -> !reader.followingComplete() || reader.follows(e.authorId()))
            .toList();
    return new TimelineSlice(ids(kept), slice.floor());
  }

  private static TimelineSlice timelineSlice(HotTimelines.Slice slice) {
    return new TimelineSlice(ids(slice.entries()), slice.floor());
  }

  private static List<Long> ids(List<Entry> entries) {
    return entries.stream().map(Entry::tweetId).toList();
  }
}
