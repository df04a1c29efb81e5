package dev.starling.read.trends;

import java.time.Instant;
import java.util.List;

/** What trends read from the public {@code tweets} topic: posts and deletes. */
sealed interface TweetEvent {
  /**
   * @param place the tweet's own country code, or null
   * @param forEveryone whether its audience is everyone (followers-only tweets do not trend)
   */
  record Posted(
      long tweetId,
      long authorId,
      Instant createdAt,
      List<String> hashtags,
      String place,
      boolean forEveryone)
      implements TweetEvent {}

  record Deleted(long tweetId, Instant deletedAt) implements TweetEvent {}
}
