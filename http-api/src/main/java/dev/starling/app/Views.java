package dev.starling.app;

import dev.starling.read.engagement.TweetCounts;
import dev.starling.http.ApiProblem;
import dev.starling.http.Json;
import dev.starling.http.dto.AuthorDto;
import dev.starling.http.dto.TweetDto;
import dev.starling.http.dto.UserDto;
import dev.starling.read.projection.ReadSide;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Builds the API's User and Tweet representations from the read models. */
public final class Views {
  private final ReadSide readSide;

  public Views(ReadSide readSide) {
    this.readSide = readSide;
  }

  public CompletionStage<Optional<UserDto>> user(long userId) {
    return readSide
        .users()
        .find(userId)
        .thenCompose(
            profile ->
                profile.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<UserDto>empty())
                    : user(profile.get()).thenApply(Optional::of));
  }

  public CompletionStage<UserDto> user(Profile profile) {
    long id = profile.userId();
    var followers = readSide.graph().followers().count(id).toCompletableFuture();
    var following = readSide.graph().following().count(id).toCompletableFuture();
    var tweets = readSide.timelineReader().tweetCount(id).toCompletableFuture();
    return CompletableFuture.allOf(followers, following, tweets)
        .thenApply(
            done ->
                new UserDto(
                    Long.toString(id),
                    profile.handle(),
                    profile.displayName(),
                    profile.bio(),
                    profile.location(),
                    Json.timestamp(profile.createdAt()),
                    followers.join(),
                    following.join(),
                    tweets.join()));
  }

  /** Users in the given order; ids without an active account are left out. */
  public CompletionStage<List<UserDto>> users(List<Long> userIds) {
    List<CompletableFuture<Optional<UserDto>>> views =
        userIds.stream().map(id -> user(id).toCompletableFuture()).toList();
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> views.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }

  /** The tweet as {@code readerId} sees it; fails with 404 if it is a retweet of a gone tweet. */
  public CompletionStage<TweetDto> tweet(long readerId, TweetData tweet) {
    return tweets(readerId, List.of(tweet))
        .thenApply(
            list -> {
              if (list.isEmpty()) {
                throw ApiProblem.notFound("no tweet with id " + tweet.tweetId());
              }
              return list.get(0);
            });
  }

  /**
   * Tweets in the given order as {@code readerId} sees them: counts, the reader's liked and
   * retweeted flags, and for a retweet the original under {@code retweet_of} (the retweet shows the
   * original's counts, as clients expect). Retweets whose original is gone are left out.
   */
  public CompletionStage<List<TweetDto>> tweets(long readerId, List<TweetData> tweets) {
    var originalIds =
        tweets.stream().filter(TweetData::isRetweet).map(TweetData::retweetOfId).toList();
    return readSide
        .tweets()
        .findAll(originalIds)
        .thenCompose(
            originals -> {
              var shown =
                  tweets.stream()
                      .filter(t -> !t.isRetweet() || originals.get(t.retweetOfId()).isPresent())
                      .toList();
              var counted = new LinkedHashSet<TweetData>();
              for (var tweet : shown) {
                counted.add(tweet.isRetweet() ? originals.get(tweet.retweetOfId()).get() : tweet);
              }
              var authorIds = new LinkedHashSet<Long>();
              shown.forEach(t -> authorIds.add(t.authorId()));
              counted.forEach(t -> authorIds.add(t.authorId()));
              var authors = readSide.users().findAll(authorIds).toCompletableFuture();
              Map<Long, CompletableFuture<TweetCounts.Snapshot>> counts = new HashMap<>();
              for (var tweet : counted) {
                counts.put(
                    tweet.tweetId(),
                    readSide.tweetCounts().of(tweet.tweetId(), readerId).toCompletableFuture());
              }
              return CompletableFuture.allOf(counts.values().toArray(CompletableFuture[]::new))
                  .thenCombine(
                      authors,
                      (done, profiles) ->
                          shown.stream()
                              .map(
                                  tweet -> {
                                    if (!tweet.isRetweet()) {
                                      return toDto(tweet, profiles, counts, null);
                                    }
                                    var original = originals.get(tweet.retweetOfId()).get();
                                    return toDto(
                                        tweet,
                                        profiles,
                                        counts,
                                        toDto(original, profiles, counts, null));
                                  })
                              .toList());
            });
  }

  private static TweetDto toDto(
      TweetData tweet,
      Map<Long, Optional<Profile>> profiles,
      Map<Long, CompletableFuture<TweetCounts.Snapshot>> counts,
      TweetDto retweetOf) {
    var author = profiles.getOrDefault(tweet.authorId(), Optional.empty());
    var authorDto =
        new AuthorDto(
            Long.toString(tweet.authorId()),
            author.map(Profile::handle).orElse(null),
            author.map(Profile::displayName).orElse(null));
    long countedId = tweet.isRetweet() ? tweet.retweetOfId() : tweet.tweetId();
    var count = counts.get(countedId).join();
    return new TweetDto(
        Long.toString(tweet.tweetId()),
        authorDto,
        tweet.text(),
        Json.timestamp(tweet.createdAt()),
        tweet.visibility().wireName(),
        List.of(),
        idOrNull(tweet.replyToId()),
        idOrNull(tweet.quoteOfId()),
        retweetOf,
        tweet.hashtags(),
        tweet.mentions(),
        tweet.urls(),
        count.likes(),
        count.retweets(),
        count.replies(),
        count.likedByReader(),
        count.retweetedByReader());
  }

  private static String idOrNull(Long id) {
    return id == null ? null : Long.toString(id);
  }
}
