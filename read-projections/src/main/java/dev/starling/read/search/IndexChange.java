package dev.starling.read.search;

import java.util.List;

/** What one public event does to the search index; every change is idempotent. */
public sealed interface IndexChange {
  /** A tweet to find: added, or replaced when it is already there (same id). */
  record TweetDocument(
      long tweetId,
      long authorId,
      String text,
      String visibility,
      List<String> hashtags,
      List<String> mentions)
      implements IndexChange {}

  /** A deleted tweet: gone from results and from hashtag counts. */
  record TweetRemoval(long tweetId) implements IndexChange {}

  /** An account to find by handle or display name. */
  record UserDocument(long userId, String handle, String displayName) implements IndexChange {}
}
