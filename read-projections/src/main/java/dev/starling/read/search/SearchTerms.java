package dev.starling.read.search;

import java.util.List;

/**
 * A tweet search as the user wrote it: every part must match. Hashtags, mentions and handles are
 * lower-cased and carry no {@code #} or {@code @}.
 */
public record SearchTerms(
    List<String> words,
    List<String> phrases,
    List<String> hashtags,
    List<String> mentions,
    List<String> fromHandles) {

  public SearchTerms {
    words = List.copyOf(words);
    phrases = List.copyOf(phrases);
    hashtags = List.copyOf(hashtags);
    mentions = List.copyOf(mentions);
    fromHandles = List.copyOf(fromHandles);
  }
}
