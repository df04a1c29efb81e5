package dev.starling.read.trends;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hashtag counts per geography in sliding windows, kept as buckets, and their scores. Time is the
 * tweets' own ({@code created_at}), so applying the same events again gives the same state; only
 * what falls within the horizon (the current window and the baseline windows before it) is kept.
 *
 * <p>Every applied tweet is remembered by id until it leaves the horizon, so a redelivered post
 * changes nothing and a delete takes back exactly what its post added (a deleted tweet is
 * remembered too, so a post redelivered after its delete stays deleted). Within a bucket, a tag
 * keeps the accounts that used it with their number of live tweets; a window's accounts are the
 * union of its buckets' accounts, so one account counts once per tag, window and geography.
 *
 * <p>Thread-safe: the consumer applies events while queries rank.
 */
public final class TrendWindows {
  private final TrendSettings settings;
  private final Clock clock;
  private final long bucketMillis;
  private final Map<Long, Applied> tweets = new HashMap<>();
  private final Map<String, Map<String, TagBuckets>> geographies = new HashMap<>();
  private long keptFrom = Long.MIN_VALUE;

  public TrendWindows(TrendSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.bucketMillis = settings.bucketLength().toMillis();
  }

  /**
   * Counts a posted tweet's hashtags in each of {@code geographies} (global is always added).
   *
   * @return whether it changed anything: false for a tweet seen before, outside the horizon, or
   *     without hashtags
   */
  public synchronized boolean posted(
      long tweetId,
      long authorId,
      Instant createdAt,
      Collection<String> hashtags,
      Collection<String> geographies) {
    long bucket = bucketOf(createdAt);
    var tags = new LinkedHashSet<String>();
    hashtags.stream().map(TrendWindows::normalise).filter(tag -> !tag.isBlank()).forEach(tags::add);
    if (bucket < forget() || tweets.containsKey(tweetId) || tags.isEmpty()) {
      return false;
    }
    var places = new LinkedHashSet<String>(geographies);
    places.add(Geography.GLOBAL);
    var applied = new Applied(authorId, bucket, Set.copyOf(tags), Set.copyOf(places), false);
    tweets.put(tweetId, applied);
    for (String place : applied.geographies()) {
      var byTag = this.geographies.computeIfAbsent(place, p -> new HashMap<>());
      for (String tag : applied.tags()) {
        byTag.computeIfAbsent(tag, t -> new TagBuckets()).add(bucket, authorId);
      }
    }
    return true;
  }

  /**
   * Takes back what the tweet's post added, and remembers it as deleted.
   *
   * @return whether it changed anything
   */
  public synchronized boolean deleted(long tweetId, Instant deletedAt) {
    long from = forget();
    var known = tweets.get(tweetId);
    if (known == null) {
      long bucket = bucketOf(deletedAt);
      if (bucket >= from) {
        tweets.put(tweetId, new Applied(0, bucket, Set.of(), Set.of(), true));
      }
      return false;
    }
    if (known.deleted()) {
      return false;
    }
    tweets.put(tweetId, known.asDeleted());
    for (String place : known.geographies()) {
      var byTag = geographies.getOrDefault(place, new HashMap<>());
      for (String tag : known.tags()) {
        var series = byTag.get(tag);
        if (series != null) {
          series.remove(known.bucket(), known.authorId());
          if (series.isEmpty()) {
            byTag.remove(tag);
          }
        }
      }
      if (byTag.isEmpty()) {
        geographies.remove(place);
      }
    }
    return true;
  }

  /** The geography's trending tags now, highest score first, at most {@code limit}. */
  public synchronized TrendsView ranking(String geography, int limit) {
    Instant now = clock.instant();
    forget();
    long current = bucketOf(now);
    int perWindow = settings.buckets();
    int baselineWindows = settings.baselineWindows();
    var trends = new ArrayList<Trend>();
    geographies
        .getOrDefault(geography, Map.of())
        .forEach(
            (tag, series) -> {
              var window = series.window(current - perWindow + 1, current);
              if (window.accounts() < settings.minAccounts()) {
                return;
              }
              double baseline = 0;
              for (int back = 1; back <= baselineWindows; back++) {
                long end = current - (long) back * perWindow;
                baseline += series.window(end - perWindow + 1, end).accounts();
              }
              if (baselineWindows > 0) {
                baseline /= baselineWindows;
              }
              double score = score(window.accounts(), baseline);
              if (score > 0) {
                trends.add(new Trend("#" + tag, window.tweets(), window.accounts(), score));
              }
            });
    trends.sort(
        Comparator.comparingDouble(Trend::score)
            .reversed()
            .thenComparing(Comparator.comparingInt(Trend::accounts).reversed())
            .thenComparing(Trend::name));
    return new TrendsView(
        geography, now, List.copyOf(trends.subList(0, Math.min(limit, trends.size()))));
  }

  /**
   * The rise of a tag's distinct accounts over its baseline in standard deviations of a Poisson
   * count with that mean (plus one, so a tag without history is not divided by zero): a tag
   * doubling from 100 accounts scores 10, a steady tag 0, a new tag with 10 accounts 10.
   */
  static double score(int accounts, double baseline) {
    double raw = (accounts - baseline) / Math.sqrt(baseline + 1);
    return Math.round(raw * 1000) / 1000.0;
  }

  /** Tags are counted case-insensitively; a leading {@code #}, if sent, is not part of the tag. */
  private static String normalise(String hashtag) {
    String tag = hashtag.startsWith("#") ? hashtag.substring(1) : hashtag;
    return tag.toLowerCase(Locale.ROOT);
  }

  private long bucketOf(Instant time) {
    return Math.floorDiv(time.toEpochMilli(), bucketMillis);
  }

  /** Drops what has left the horizon (at most once per bucket); answers the first bucket kept. */
  private long forget() {
    long current = bucketOf(clock.instant());
    long from = current - (long) settings.buckets() * (settings.baselineWindows() + 1) + 1;
    if (from > keptFrom) {
      keptFrom = from;
      tweets.values().removeIf(applied -> applied.bucket() < from);
      geographies
          .values()
          .removeIf(
              byTag -> {
                byTag.values().removeIf(series -> series.forgetBefore(from));
                return byTag.isEmpty();
              });
    }
    return from;
  }

  /** Tweets remembered, deleted ones included; for tests and metrics. */
  synchronized int tweetsRemembered() {
    forget();
    return tweets.size();
  }

  private record Applied(
      long authorId, long bucket, Set<String> tags, Set<String> geographies, boolean deleted) {
    Applied asDeleted() {
      return new Applied(authorId, bucket, tags, geographies, true);
    }
  }

  private record WindowCount(int accounts, int tweets) {}

  /** One tag in one geography: per bucket, the accounts that used it and their live tweets. */
  private static final class TagBuckets {
    private final NavigableMap<Long, Map<Long, Integer>> buckets = new TreeMap<>();

    void add(long bucket, long authorId) {
      buckets.computeIfAbsent(bucket, b -> new HashMap<>()).merge(authorId, 1, Integer::sum);
    }

    void remove(long bucket, long authorId) {
      var accounts = buckets.get(bucket);
      if (accounts == null) {
        return;
      }
      accounts.computeIfPresent(authorId, (id, count) -> count > 1 ? count - 1 : null);
      if (accounts.isEmpty()) {
        buckets.remove(bucket);
      }
    }

    WindowCount window(long firstBucket, long lastBucket) {
      var accounts = new HashSet<Long>();
      int tweets = 0;
      for (var bucket : buckets.subMap(firstBucket, true, lastBucket, true).values()) {
        accounts.addAll(bucket.keySet());
        for (int count : bucket.values()) {
          tweets += count;
        }
      }
      return new WindowCount(accounts.size(), tweets);
    }

    /** Answers whether nothing is left. */
    boolean forgetBefore(long bucket) {
      buckets.headMap(bucket, false).clear();
      return buckets.isEmpty();
    }

    boolean isEmpty() {
      return buckets.isEmpty();
    }
  }
}
