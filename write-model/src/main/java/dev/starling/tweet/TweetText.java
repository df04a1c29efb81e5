package dev.starling.tweet;

import com.twitter.twittertext.Extractor;
import com.twitter.twittertext.TwitterTextParser;
import java.util.List;
import java.util.Locale;

/**
 * Tweet text as Twitter counts it (twitter-text's weighted length: most CJK characters count two,
 * every URL counts 23) and the entities extracted from it once, at write time.
 */
public record TweetText(
    String text,
    int weightedLength,
    List<String> hashtags,
    List<String> mentions,
    List<String> urls) {

  public static final int MAX_WEIGHTED_LENGTH = 280;

  /**
   * Weighted length does not bound size: a URL weighs 23 whatever its length, so 280 weighted
   * characters could be tens of kilobytes stored in the journal, every timeline, cache and
   * response. 4,096 bytes of UTF-8 hold any 280 characters of ordinary text (CJK 3 bytes, emoji 4)
   * with room for several long URLs; past it the text is refused whatever its weight.
   */
  public static final int MAX_UTF8_BYTES = 4096;

  private static final Extractor EXTRACTOR = new Extractor();

  /** The UTF-8 size of {@code text}, counted without encoding it. */
  public static int utf8Bytes(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  public static TweetText parse(String text) {
    var results = TwitterTextParser.parseTweet(text);
    return new TweetText(
        text,
        results.weightedLength,
        EXTRACTOR.extractHashtags(text).stream()
            .map(tag -> tag.toLowerCase(Locale.ROOT))
            .distinct()
            .toList(),
        EXTRACTOR.extractMentionedScreennames(text).stream()
            .map(handle -> handle.toLowerCase(Locale.ROOT))
            .distinct()
            .toList(),
        EXTRACTOR.extractURLs(text).stream().distinct().toList());
  }

  public boolean isBlank() {
    return text.isBlank();
  }

  public boolean isTooLong() {
    return weightedLength > MAX_WEIGHTED_LENGTH;
  }
}
