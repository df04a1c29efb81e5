package dev.starling.app;

import dev.starling.tweet.Visibility;
import java.util.List;

/**
 * A tweet about to be posted, as the caller asked for it; {@code text} is checked by the tweet,
 * {@code place} (a country code, or null) by the service.
 */
public record TweetDraft(
    String text,
    Visibility visibility,
    Long replyToId,
    Long quoteOfId,
    List<String> mediaIds,
    String place) {
  public TweetDraft {
    visibility = visibility == null ? Visibility.PUBLIC : visibility;
    mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
  }
}
