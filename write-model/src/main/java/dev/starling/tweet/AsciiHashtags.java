package dev.starling.tweet;

import com.twitter.twittertext.Extractor.Entity;
import com.twitter.twittertext.Regex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * twitter-text's hashtag extraction for ASCII text, with its own expression, tried only where a
 * hashtag can start.
 *
 * <p>The library runs {@link Regex#VALID_HASHTAG} with {@code find()}, which tests the expression's
 * first group at every position of the text: the character before the {@code #}, a negated class of
 * every Unicode letter, mark and digit that costs a long chain of predicates per character (5 % of
 * the node's CPU under posting in the timelines bench). In ASCII text that first group is the start
 * of the text or exactly one character, so a match can only start at 0 or one before a {@code #};
 * this tries the same expression at just those positions, in order, resuming after each match as
 * {@code find()} does, and applies the library's two other rules unchanged: a match followed by
 * {@code #} or {@code ://} is not a hashtag, and a hashtag inside a URL gives way to the URL.
 * {@code TweetTextPropertiesTest} checks it against the library on random ASCII text.
 */
final class AsciiHashtags {
  private AsciiHashtags() {}

  /**
   * The hashtags of {@code text} (pure ASCII) without their {@code #}, in order, as {@code
   * Extractor.extractHashtags} finds them; {@code urls} are the text's URL entities.
   */
  static List<String> extract(String text, List<Entity> urls) {
    int firstHash = text.indexOf('#');
    if (firstHash < 0) {
      return List.of();
    }
    var found = new ArrayList<Entity>();
    Matcher matcher = Regex.VALID_HASHTAG.matcher(text).useAnchoringBounds(false);
    int resumeAt = 0;
    for (int hash = firstHash; hash >= 0; hash = text.indexOf('#', hash + 1)) {
      int start = Math.max(hash - 1, 0);
      if (start < resumeAt) {
        continue;
      }
      matcher.region(start, text.length());
      if (!matcher.lookingAt()) {
        continue;
      }
      resumeAt = matcher.end();
      if (!Regex.INVALID_HASHTAG_MATCH_END
          .matcher(text)
          .region(resumeAt, text.length())
          .lookingAt()) {
        int tag = Regex.VALID_HASHTAG_GROUP_TAG;
        found.add(
            new Entity(
                matcher.start(tag) - 1, matcher.end(tag), matcher.group(tag), Entity.Type.HASHTAG));
      }
    }
    return withoutThoseInsideUrls(found, urls);
  }

  /** The library's overlap rule: by start, an entity starting inside the one before it goes. */
  private static List<String> withoutThoseInsideUrls(List<Entity> hashtags, List<Entity> urls) {
    if (urls.isEmpty()) {
      return hashtags.stream().map(Entity::getValue).toList();
    }
    var all = new ArrayList<Entity>(hashtags);
    all.addAll(urls);
    all.sort(Comparator.comparingInt(Entity::getStart));
    var kept = new ArrayList<String>();
    Entity previous = null;
    for (var entity : all) {
      if (previous != null && previous.getEnd() > entity.getStart()) {
        continue;
      }
      previous = entity;
      if (entity.getType() == Entity.Type.HASHTAG) {
        kept.add(entity.getValue());
      }
    }
    return kept;
  }
}
