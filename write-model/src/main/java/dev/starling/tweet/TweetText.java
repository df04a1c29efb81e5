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
  private static final Extractor EXTRACTOR = new Extractor();

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
