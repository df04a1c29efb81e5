package dev.starling.app;

import dev.starling.http.Json;
import dev.starling.http.dto.AuthorDto;
import dev.starling.http.dto.TweetDto;
import dev.starling.http.dto.UserDto;
import dev.starling.projection.ReadSide;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  public CompletionStage<TweetDto> tweet(TweetData tweet) {
    return tweets(List.of(tweet)).thenApply(list -> list.get(0));
  }

  public CompletionStage<List<TweetDto>> tweets(List<TweetData> tweets) {
    var authorIds = new LinkedHashSet<Long>();
    tweets.forEach(t -> authorIds.add(t.authorId()));
    return readSide
        .users()
        .findAll(authorIds)
        .thenApply(
            authors -> {
              var views = new ArrayList<TweetDto>(tweets.size());
              for (var tweet : tweets) {
                var author = authors.getOrDefault(tweet.authorId(), Optional.empty());
                views.add(toDto(tweet, author));
              }
              return views;
            });
  }

  private static TweetDto toDto(TweetData tweet, Optional<Profile> author) {
    var authorDto =
        new AuthorDto(
            Long.toString(tweet.authorId()),
            author.map(Profile::handle).orElse(null),
            author.map(Profile::displayName).orElse(null));
    return new TweetDto(
        Long.toString(tweet.tweetId()),
        authorDto,
        tweet.text(),
        Json.timestamp(tweet.createdAt()),
        tweet.visibility().wireName(),
        List.of(),
        idOrNull(tweet.replyToId()),
        idOrNull(tweet.quoteOfId()),
        null,
        tweet.hashtags(),
        tweet.mentions(),
        tweet.urls(),
        0,
        0,
        0,
        false,
        false);
  }

  private static String idOrNull(Long id) {
    return id == null ? null : Long.toString(id);
  }
}
