package dev.starling.tweet;

import dev.starling.common.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * Everything a posted tweet is made of; immutable once posted. A retweet is a tweet of its own with
 * empty text and {@code retweetOfId} set. {@code place} is where the author said it was posted (an
 * ISO 3166-1 alpha-2 code) or null; tweets posted before it existed read it as null. {@code media}
 * is what is attached (at most four), empty for tweets posted before media existed.
 */
public record TweetData(
    long tweetId,
    long authorId,
    String text,
    Visibility visibility,
    Long replyToId,
    Long quoteOfId,
    Long retweetOfId,
    List<String> hashtags,
    List<String> mentions,
    List<String> urls,
    Instant createdAt,
    String place,
    List<TweetMedia> media)
    implements CborSerializable {

  public TweetData {
    media = media == null ? List.of() : List.copyOf(media);
  }

  /** A tweet without media. */
  public TweetData(
      long tweetId,
      long authorId,
      String text,
      Visibility visibility,
      Long replyToId,
      Long quoteOfId,
      Long retweetOfId,
      List<String> hashtags,
      List<String> mentions,
      List<String> urls,
      Instant createdAt,
      String place) {
    this(
        tweetId,
        authorId,
        text,
        visibility,
        replyToId,
        quoteOfId,
        retweetOfId,
        hashtags,
        mentions,
        urls,
        createdAt,
        place,
        List.of());
  }

  public boolean isRetweet() {
    return retweetOfId != null;
  }
}
