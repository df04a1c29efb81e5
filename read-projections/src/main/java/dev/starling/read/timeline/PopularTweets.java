package dev.starling.read.timeline;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.typesafe.config.Config;
import dev.starling.read.engagement.TweetCounts;
import dev.starling.read.store.Cql;
import dev.starling.read.visibility.Surface;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Recent popular public tweets, for readers whose home timeline has next to nothing in it yet (a
 * new account, someone following nobody). Public original tweets are listed per hour as they are
 * posted ({@code recent_tweets}, kept two days); every {@code refresh-interval} this node ranks the
 * newest {@code candidates} of the last {@code window} by engagement and keeps the best {@code
 * keep}.
 */
public final class PopularTweets {
  private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

  private record Ranked(List<Long> tweetIds, long rankedAt) {}

  private final Cql cql;
  private final TweetCounts engagement;
  private final TweetViews views;
  private final Clock clock;
  private final int nearlyEmpty;
  private final Duration window;
  private final int keep;
  private final int candidates;
  private final long refreshIntervalNanos;
  private final PreparedStatement insert;
  private final PreparedStatement inHour;
  private final AtomicReference<CompletableFuture<Ranked>> ranked = new AtomicReference<>();

  /**
   * Settings: {@code nearly-empty} (a first page with fewer tweets is topped up), {@code window},
   * {@code candidates}, {@code keep}, {@code refresh-interval}.
   */
  PopularTweets(Cql cql, TweetCounts engagement, TweetViews views, Config settings, Clock clock) {
    this.cql = cql;
    this.engagement = engagement;
    this.views = views;
    this.clock = clock;
    this.nearlyEmpty = settings.getInt("nearly-empty");
    this.window = settings.getDuration("window");
    this.keep = settings.getInt("keep");
    this.candidates = settings.getInt("candidates");
    this.refreshIntervalNanos = settings.getDuration("refresh-interval").toNanos();
    insert =
        cql.prepare(
            "INSERT INTO ${keyspace}.recent_tweets (hour, tweet_id, author_id) VALUES (?, ?, ?)");
    inHour = cql.prepare("SELECT tweet_id FROM ${keyspace}.recent_tweets WHERE hour = ? LIMIT ?");
  }

  /** Lists a public original tweet among the candidates; anything else is not a candidate. */
  CompletionStage<Void> record(TweetData tweet) {
    if (tweet.visibility() != Visibility.PUBLIC || tweet.isRetweet() || tweet.replyToId() != null) {
      return CompletableFuture.completedFuture(null);
    }
    return cql.run(
        insert, tweet.createdAt().toEpochMilli() / HOUR_MILLIS, tweet.tweetId(), tweet.authorId());
  }

  /**
   * {@code shown} as it is when it holds {@code nearly-empty} tweets or more; otherwise followed by
   * popular tweets the reader may see, up to {@code limit}.
   */
  CompletionStage<List<TweetView>> topUp(long readerId, List<TweetView> shown, int limit) {
    if (shown.size() >= Math.min(nearlyEmpty, limit)) {
      return CompletableFuture.completedFuture(shown);
    }
    var present = new HashSet<Long>();
    shown.forEach(view -> present.add(view.tweet().tweetId()));
    int missing = limit - shown.size();
    return ranked()
        .thenCompose(
            best ->
                views.presentIds(
                    readerId,
                    // twice what is missing: some are the reader's own or hidden from them
                    best.tweetIds().stream()
                        .filter(id -> !present.contains(id))
                        .limit(2L * missing)
                        .toList(),
                    Surface.HOME_TIMELINE))
        .thenApply(
            extra -> {
              var all = new ArrayList<>(shown);
              extra.stream()
                  .filter(view -> view.tweet().authorId() != readerId)
                  .limit(missing)
                  .forEach(all::add);
              return all;
            });
  }

  private CompletionStage<Ranked> ranked() {
    var current = ranked.get();
    if (current != null
        && !(current.isDone()
            && System.nanoTime() - current.join().rankedAt() > refreshIntervalNanos)) {
      return current;
    }
    var ranking = new CompletableFuture<Ranked>();
    if (!ranked.compareAndSet(current, ranking)) {
      return ranked.get();
    }
    rank()
        .whenComplete(
            (fresh, failure) -> {
              if (failure == null) {
                ranking.complete(fresh);
              } else {
                // an empty ranking for now; the next call tries again
                ranking.complete(new Ranked(List.of(), 0));
              }
            });
    return ranking;
  }

  private CompletionStage<Ranked> rank() {
    long now = clock.millis();
    long firstHour = (now - window.toMillis()) / HOUR_MILLIS;
    long lastHour = now / HOUR_MILLIS;
    var hours = new ArrayList<CompletableFuture<List<Long>>>();
    for (long hour = lastHour; hour >= firstHour; hour--) {
      hours.add(cql.list(inHour, row -> row.getLong(0), hour, candidates).toCompletableFuture());
    }
    return CompletableFuture.allOf(hours.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              var newest =
                  hours.stream().flatMap(h -> h.join().stream()).limit(candidates).toList();
              return engagement
                  .counts(newest)
                  .thenApply(
                      counts ->
                          new Ranked(
                              newest.stream()
                                  .sorted(
                                      Comparator.comparingLong((Long id) -> score(counts.get(id)))
                                          .reversed()
                                          .thenComparing(Comparator.reverseOrder()))
                                  .limit(keep)
                                  .toList(),
                              System.nanoTime()));
            });
  }

  private static long score(TweetCounts.Counts counts) {
    return counts == null ? 0 : counts.likes() + 2 * counts.retweets() + counts.replies();
  }
}
