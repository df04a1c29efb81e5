package dev.starling.read.search;

import java.util.ArrayList;
import java.util.Locale;

/**
 * Reads the {@code q} of a tweet search: words, {@code "phrases"}, {@code #tag}, {@code @handle}
 * (tweets mentioning them) and {@code from:handle}, separated by white space; all must match. An
 * unclosed quote runs to the end. Written by hand rather than with Lucene's classic query parser:
 * that one has its own syntax (AND, wildcards, fields, escapes) that users did not ask for and that
 * fails on ordinary text.
 */
public final class SearchTermsParser {
  private SearchTermsParser() {}

  /**
   * @throws IllegalArgumentException when {@code q} holds nothing to search for, or a bare {@code
   *     #}, {@code @} or {@code from:}
   */
  public static SearchTerms parse(String q) {
    var words = new ArrayList<String>();
    var phrases = new ArrayList<String>();
    var hashtags = new ArrayList<String>();
    var mentions = new ArrayList<String>();
    var from = new ArrayList<String>();
    int i = 0;
    int n = q.length();
    while (i < n) {
      char c = q.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int close = q.indexOf('"', i + 1);
        int end = close < 0 ? n : close;
        String phrase = q.substring(i + 1, end).trim();
        if (!phrase.isEmpty()) {
          phrases.add(phrase);
        }
        i = close < 0 ? n : close + 1;
      } else {
        int end = i;
        while (end < n && !Character.isWhitespace(q.charAt(end)) && q.charAt(end) != '"') {
          end++;
        }
        String token = q.substring(i, end);
        i = end;
        if (token.startsWith("#")) {
          hashtags.add(name(token.substring(1), token));
        } else if (token.startsWith("@")) {
          mentions.add(name(token.substring(1), token));
        } else if (token.toLowerCase(Locale.ROOT).startsWith("from:")) {
          String handle = token.substring("from:".length());
          from.add(name(handle.startsWith("@") ? handle.substring(1) : handle, token));
        } else {
          words.add(token);
        }
      }
    }
    if (words.isEmpty()
        && phrases.isEmpty()
        && hashtags.isEmpty()
        && mentions.isEmpty()
        && from.isEmpty()) {
      throw new IllegalArgumentException("nothing to search for");
    }
    return new SearchTerms(words, phrases, hashtags, mentions, from);
  }

  private static String name(String value, String token) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("'" + token + "' needs a name after it");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
