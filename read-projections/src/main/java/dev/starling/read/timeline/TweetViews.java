package dev.starling.read.timeline;

import dev.starling.read.accounts.UserRepository;
import dev.starling.read.engagement.TweetCounts;
import dev.starling.read.graph.ReaderRelations;
import dev.starling.read.graph.Relations;
import dev.starling.read.visibility.Surface;
import dev.starling.read.visibility.VisibilityPolicy;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Turns tweets into what a reader is shown, for any number of tweets at a fixed number of round
 * trips: the originals of retweets in one batch, the reader's relations once (cached), the {@link
 * VisibilityPolicy} in memory, then counts, the reader's flags and authors, each one batch (and
 * each cached, so a warm page costs nothing here).
 */
public final class TweetViews {
  /** A tweet that passed the policy, with its original when it is a retweet. */
  public record Visible(TweetData tweet, Optional<TweetData> original) {
    /** The tweet whose counts and flags are shown: the original of a retweet. */
    TweetData counted() {
      return original.orElse(tweet);
    }
  }

  private final TweetRepository tweets;
  private final Relations relations;
  private final TweetCounts engagement;
  private final UserRepository users;

  public TweetViews(
      TweetRepository tweets, Relations relations, TweetCounts engagement, UserRepository users) {
    this.tweets = tweets;
    this.relations = relations;
    this.engagement = engagement;
    this.users = users;
  }

  /**
   * The tweets of {@code tweetIds} that exist and the reader may see on {@code surface}, in the
   * given order, ready to show.
   */
  public CompletionStage<List<TweetView>> presentIds(
      long readerId, List<Long> tweetIds, Surface surface) {
    return tweets
        .findAll(tweetIds)
        .thenCompose(
            found ->
                present(
                    readerId,
                    tweetIds.stream()
                        .map(id -> found.getOrDefault(id, Optional.empty()))
                        .flatMap(Optional::stream)
                        .toList(),
                    surface));
  }

  /** The tweets the reader may see on {@code surface}, in the given order, ready to show. */
  public CompletionStage<List<TweetView>> present(
      long readerId, List<TweetData> candidates, Surface surface) {
    return visible(readerId, candidates, surface).thenCompose(shown -> dress(readerId, shown));
  }

  /** The tweets the reader may see on {@code surface}, in the given order. */
  public CompletionStage<List<Visible>> visible(
      long readerId, List<TweetData> candidates, Surface surface) {
    var originalIds =
        candidates.stream().filter(TweetData::isRetweet).map(TweetData::retweetOfId).toList();
    var originals = tweets.findAll(originalIds).toCompletableFuture();
    return relations
        .of(readerId)
        .thenCombine(originals, Loaded::new)
        .thenCompose(
            loaded ->
                withFollowsOfAuthors(loaded, candidates)
                    .thenApply(reader -> filter(reader, loaded, candidates, surface)));
  }

  private record Loaded(ReaderRelations reader, Map<Long, Optional<TweetData>> originals) {
    Optional<TweetData> originalOf(TweetData tweet) {
      return tweet.isRetweet()
          ? originals.getOrDefault(tweet.retweetOfId(), Optional.empty())
          : Optional.empty();
    }
  }

  /** The reader's relations, sure to know whether they follow every followers-only author here. */
  private CompletionStage<ReaderRelations> withFollowsOfAuthors(
      Loaded loaded, List<TweetData> candidates) {
    ReaderRelations reader = loaded.reader();
    Set<Long> authors = new LinkedHashSet<>();
    candidates.stream()
        .flatMap(t -> Stream.concat(Stream.of(t), loaded.originalOf(t).stream()))
        .filter(t -> VisibilityPolicy.needsFollowCheck(reader, t))
        .forEach(t -> authors.add(t.authorId()));
    return relations.follows(reader, authors).thenApply(reader::knowingFollows);
  }

  private static List<Visible> filter(
      ReaderRelations reader, Loaded loaded, List<TweetData> candidates, Surface surface) {
    var shown = new ArrayList<Visible>(candidates.size());
    for (var tweet : candidates) {
      var original = loaded.originalOf(tweet);
      if (VisibilityPolicy.canSee(reader, tweet, original, surface)) {
        shown.add(new Visible(tweet, original));
      }
    }
    return shown;
  }

  private CompletionStage<List<TweetView>> dress(long readerId, List<Visible> shown) {
    var countedIds = new LinkedHashSet<Long>();
    var authorIds = new LinkedHashSet<Long>();
    for (var visible : shown) {
      countedIds.add(visible.counted().tweetId());
      authorIds.add(visible.tweet().authorId());
      visible.original().ifPresent(original -> authorIds.add(original.authorId()));
    }
    var counts = engagement.counts(countedIds).toCompletableFuture();
    var flags = counts.thenCompose(c -> engagement.flags(readerId, c)).toCompletableFuture();
    var authors = users.findAll(authorIds).toCompletableFuture();
    return CompletableFuture.allOf(counts, flags, authors)
        .thenApply(
            done -> {
              var views = new ArrayList<TweetView>(shown.size());
              for (var visible : shown) {
                long countedId = visible.counted().tweetId();
                var shownCounts = counts.join().get(countedId);
                var shownFlags = flags.join().get(countedId);
                var original =
                    visible
                        .original()
                        .map(
                            o ->
                                new TweetView(
                                    o,
                                    profile(authors.join(), o),
                                    shownCounts,
                                    shownFlags,
                                    Optional.empty()));
                views.add(
                    new TweetView(
                        visible.tweet(),
                        profile(authors.join(), visible.tweet()),
                        shownCounts,
                        shownFlags,
                        original));
              }
              return views;
            });
  }

  private static Optional<Profile> profile(Map<Long, Optional<Profile>> authors, TweetData tweet) {
    return authors.getOrDefault(tweet.authorId(), Optional.empty());
  }
}
