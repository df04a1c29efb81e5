package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import dev.starling.tweet.TweetData;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads timelines newest first. A home timeline is the fanned-out rows merged with the reader's own
 * tweets, so an author sees a tweet the moment it is acknowledged.
 */
public final class TimelineReader {
  public record Page(List<TweetData> items, Long nextCursor) {}

  private final TweetRepository tweets;
  private final CountedEdges userTimelines;
  private final HomeTimelines homes;

  public TimelineReader(TweetRepository tweets, CountedEdges userTimelines, HomeTimelines homes) {
    this.tweets = tweets;
    this.userTimelines = userTimelines;
    this.homes = homes;
  }

  public CompletionStage<Page> userTimeline(long userId, long beforeTweetId, int limit) {
    return ownSlice(userId, beforeTweetId, limit)
        .thenCompose(slice -> hydrate(TimelineSlice.merge(List.of(slice), limit)));
  }

  public CompletionStage<Page> home(long readerId, long beforeTweetId, int limit) {
    var fannedOut =
        homes
            .before(readerId, beforeTweetId, limit)
            .thenApply(
                entries ->
                    new TimelineSlice(
                        entries.stream().map(HomeTimelines.Entry::tweetId).toList(),
                        entries.size() >= limit
                            ? entries.get(entries.size() - 1).tweetId()
                            : TimelineSlice.EXHAUSTED));
    return fannedOut
        .thenCombine(
            ownSlice(readerId, beforeTweetId, limit),
            (home, own) -> TimelineSlice.merge(List.of(home, own), limit))
        .thenCompose(this::hydrate);
  }

  public CompletionStage<Long> tweetCount(long userId) {
    return userTimelines.count(userId);
  }

  private CompletionStage<TimelineSlice> ownSlice(long userId, long beforeTweetId, int limit) {
    return userTimelines
        .scanBefore(userId, beforeTweetId, limit)
        .thenApply(
            scan ->
                new TimelineSlice(
                    scan.active().stream().map(CountedEdges.Member::id).toList(),
                    scan.filled(limit) ? scan.lastId() : TimelineSlice.EXHAUSTED));
  }

  private CompletionStage<Page> hydrate(TimelineSlice.Merged merged) {
    return tweets
        .findAll(merged.ids())
        .thenApply(
            found ->
                new Page(
                    merged.ids().stream()
                        .map(found::get)
                        .filter(t -> t != null && t.isPresent())
                        .map(java.util.Optional::get)
                        .toList(),
                    merged.nextCursor()));
  }
}
