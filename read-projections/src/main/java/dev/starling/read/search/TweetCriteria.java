package dev.starling.read.search;

import java.util.List;

/**
 * A tweet search the index can answer: the user's terms with {@code from:} handles resolved to
 * author ids (a tweet matches when its author is any of them; none means any author).
 */
public record TweetCriteria(
    List<String> words,
    List<String> phrases,
    List<String> hashtags,
    List<String> mentions,
    List<Long> authorIds) {

  public static TweetCriteria of(SearchTerms terms, List<Long> authorIds) {
    return new TweetCriteria(
        terms.words(), terms.phrases(), terms.hashtags(), terms.mentions(), authorIds);
  }
}
