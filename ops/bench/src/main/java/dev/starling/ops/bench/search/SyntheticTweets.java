package dev.starling.ops.bench.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Tweets and accounts made up reproducibly from a seed: word, hashtag and mention use follow Zipf
 * distributions (a few very common, a long tail), texts carry stop words, authors are many.
 */
final class SyntheticTweets {
  static final long FIRST_ID = 7_000_000_000_000_000L;
  private static final String[] STOP_WORDS = {"the", "a", "and", "to", "of", "in", "is", "it"};

  record Tweet(long id, long authorId, String text, List<String> hashtags, List<String> mentions) {}

  final String[] words;
  final String[] tags;
  final String[] handles;
  private final ZipfIndex wordRank;
  private final ZipfIndex tagRank;
  private final ZipfIndex handleRank;
  private final Random random;

  SyntheticTweets(long seed, int users) {
    var names = new Random(seed);
    words = invent(names, 20_000, 3, 10);
    tags = invent(names, 5_000, 3, 12);
    handles = invent(names, users, 4, 15);
    wordRank = new ZipfIndex(words.length);
    tagRank = new ZipfIndex(tags.length);
    handleRank = new ZipfIndex(handles.length);
    random = new Random(seed + 1);
  }

  long userId(int index) {
    return 1_000_000L + index;
  }

  Tweet next(long sequence) {
    int length = 6 + random.nextInt(18);
    var text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(
          random.nextInt(4) == 0
              ? STOP_WORDS[random.nextInt(STOP_WORDS.length)]
              : words[wordRank.draw(random)]);
    }
    var hashtags = new ArrayList<String>();
    int tagCount = random.nextInt(3);
    for (int i = 0; i < tagCount; i++) {
      String tag = tags[tagRank.draw(random)];
      hashtags.add(tag);
      text.append(" #").append(tag);
    }
    var mentions = new ArrayList<String>();
    if (random.nextInt(3) == 0) {
      String handle = handles[handleRank.draw(random)];
      mentions.add(handle);
      text.append(" @").append(handle);
    }
    long author = userId(random.nextInt(handles.length));
    return new Tweet(FIRST_ID + sequence, author, text.toString(), hashtags, mentions);
  }

  /** A word of middling frequency, a common tag, and so on, for queries. */
  String word(Random r) {
    return words[wordRank.draw(r)];
  }

  String tag(Random r) {
    return tags[tagRank.draw(r)];
  }

  String handle(Random r) {
    return handles[handleRank.draw(r)];
  }

  private static String[] invent(Random random, int count, int minLength, int maxLength) {
    var seen = new java.util.HashSet<String>();
    var names = new String[count];
    int n = 0;
    while (n < count) {
      int length = minLength + random.nextInt(maxLength - minLength + 1);
      var name = new char[length];
      for (int i = 0; i < length; i++) {
        name[i] = (char) ('a' + random.nextInt(26));
      }
      String candidate = new String(name);
      if (seen.add(candidate)) {
        names[n++] = candidate;
      }
    }
    return names;
  }

  /** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1). */
  private static final class ZipfIndex {
    private final double[] cumulative;

    ZipfIndex(int n) {
      cumulative = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1.0 / (i + 1);
        cumulative[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cumulative[i] /= sum;
      }
    }

    int draw(Random random) {
      int found = Arrays.binarySearch(cumulative, random.nextDouble());
      return Math.min(cumulative.length - 1, found >= 0 ? found : -found - 1);
    }
  }
}
