package dev.starling.tweet;

import com.twitter.twittertext.Extractor;
import com.twitter.twittertext.TwitterTextConfiguration;
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

  /**
   * twitter-text's own configuration without emoji parsing. Emoji are found with one very large
   * expression that cost ~80 % of a parse on this machine (~350 µs of ~450 µs for 140 ASCII
   * characters; 7 % of the node's CPU under posting in the timelines bench). No emoji sequence is
   * pure ASCII (a keycap ends in U+20E3), so for ASCII text the expression finds nothing and the
   * weights come out the same without it; {@code TweetTextPropertiesTest} checks that.
   */
  static final TwitterTextConfiguration WITHOUT_EMOJI = withoutEmoji();

  private static TwitterTextConfiguration withoutEmoji() {
    var standard = TwitterTextParser.TWITTER_TEXT_DEFAULT_CONFIG;
    return new TwitterTextConfiguration.Builder()
        .setVersion(standard.getVersion())
        .setMaxWeightedTweetLength(standard.getMaxWeightedTweetLength())
        .setScale(standard.getScale())
        .setDefaultWeight(standard.getDefaultWeight())
        .setTransformedURLLength(standard.getTransformedURLLength())
        .setRanges(standard.getRanges())
        .setEmojiParsingEnabled(false)
        .build();
  }

  static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

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
    boolean ascii = isAscii(text);
    var results =
        TwitterTextParser.parseTweet(
            text, ascii ? WITHOUT_EMOJI : TwitterTextParser.TWITTER_TEXT_DEFAULT_CONFIG);
    var urls = EXTRACTOR.extractURLsWithIndices(text);
    var hashtags = ascii ? AsciiHashtags.extract(text, urls) : EXTRACTOR.extractHashtags(text);
    return new TweetText(
        text,
        results.weightedLength,
        hashtags.stream().map(tag -> tag.toLowerCase(Locale.ROOT)).distinct().toList(),
        EXTRACTOR.extractMentionedScreennames(text).stream()
            .map(handle -> handle.toLowerCase(Locale.ROOT))
            .distinct()
            .toList(),
        urls.stream().map(Extractor.Entity::getValue).distinct().toList());
  }

  public boolean isBlank() {
    return text.isBlank();
  }

  public boolean isTooLong() {
    return weightedLength > MAX_WEIGHTED_LENGTH;
  }
}
