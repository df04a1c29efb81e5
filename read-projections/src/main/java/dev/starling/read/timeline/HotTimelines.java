package dev.starling.read.timeline;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import dev.starling.common.Snowflake;
import dev.starling.read.timeline.HomeTimelines.Entry;
import dev.starling.read.timeline.TimelineStore.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The newest entries of the timelines read most, in this node's memory: active readers' home
 * timelines, and the own timelines of authors merged into home timelines at read time. A timeline's
 * entries are loaded from its store on first use (so a restart never shows an empty timeline), kept
 * up to date by this node's writes as they happen, and — for what other nodes wrote — topped up by
 * a small query at most once per {@code sync-interval}, and not at all on a node alone in its
 * cluster ({@link Peers}), where nothing but this node writes. A warm page is then served from
 * memory; pages below what memory holds go to the store.
 *
 * <p>An update to a timeline that is still loading is applied once it is loaded: the load is
 * registered before its query runs and writers report only after their write, so an entry is either
 * in what the query reads or in an update that follows it.
 */
final class HotTimelines {
  /** What one timeline contributes to a page: entries newest first and how far it scanned. */
  record Slice(List<Entry> entries, long floor) {}

  private final TimelineStore store;
  private final Peers peers;
  private final int entriesPerTimeline;
  private final long syncIntervalNanos;
  private final Duration syncLookback;
  private final long resyncIntervalNanos;
  private final AsyncLoadingCache<Long, Hot> cache;

  /**
   * Settings: {@code max-timelines}, {@code entries-per-timeline}, {@code sync-interval}, {@code
   * sync-lookback}, {@code resync-interval}, {@code idle-timeout} (a timeline not read for this
   * long is forgotten).
   */
  HotTimelines(TimelineStore store, Peers peers, Config settings) {
    this.store = store;
    this.peers = peers;
    this.entriesPerTimeline = settings.getInt("entries-per-timeline");
    this.syncIntervalNanos = settings.getDuration("sync-interval").toNanos();
    this.syncLookback = settings.getDuration("sync-lookback");
    this.resyncIntervalNanos = settings.getDuration("resync-interval").toNanos();
    cache =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(settings.getLong("max-timelines"))
            .expireAfterAccess(settings.getDuration("idle-timeout"))
            .buildAsync((owner, executor) -> load(owner).toCompletableFuture());
  }

  /**
   * Up to {@code limit} entries of {@code owner}'s timeline below {@code before}, newest first: at
   * most one {@code sync-interval} behind what other nodes wrote.
   */
  CompletionStage<Slice> slice(long owner, long before, int limit) {
    return cache
        .get(owner)
        .thenCompose(hot -> hot.synced(owner))
        .thenCompose(hot -> slice(hot, owner, before, limit));
  }

  /**
   * Like {@link #slice}, but never behind a write another node made, for a reader's own tweets
   * (read-your-writes through any node): from memory on a node alone in its cluster, from the store
   * otherwise.
   */
  CompletionStage<Slice> sliceOfEveryWrite(long owner, long before, int limit) {
    if (!peers.noneSince(System.nanoTime())) {
      return fromStore(owner, before, limit);
    }
    var present = cache.getIfPresent(owner);
    if (present != null
        && present.isDone()
        && !present.isCompletedExceptionally()
        && !present.join().knowsEveryWrite()) {
      // read while other nodes wrote: a fresh load is a full read made while this node is alone
      cache.synchronous().invalidate(owner);
    }
    return cache.get(owner).thenCompose(hot -> slice(hot, owner, before, limit));
  }

  private CompletionStage<Slice> slice(Hot hot, long owner, long before, int limit) {
    var inMemory = hot.below(before, limit);
    if (inMemory.size() == limit) {
      return CompletableFuture.completedFuture(
          new Slice(inMemory, inMemory.get(limit - 1).tweetId()));
    }
    if (hot.complete) {
      return CompletableFuture.completedFuture(new Slice(inMemory, TimelineSlice.EXHAUSTED));
    }
    return fromStore(owner, before, limit);
  }

  private CompletionStage<Slice> fromStore(long owner, long before, int limit) {
    return store
        .before(owner, before, limit)
        .thenApply(
            rows ->
                new Slice(
                    rows.stream().filter(Row::present).map(HotTimelines::entry).toList(),
                    rows.size() == limit
                        ? rows.get(limit - 1).tweetId()
                        : TimelineSlice.EXHAUSTED));
  }

  /** Entries just written to {@code owner}'s stored timeline. */
  void added(long owner, Collection<Entry> entries) {
    if (!entries.isEmpty()) {
      whenPresent(owner, hot -> hot.add(entries));
    }
  }

  /** Entries just taken out of {@code owner}'s stored timeline. */
  void removed(long owner, Collection<Long> tweetIds) {
    if (!tweetIds.isEmpty()) {
      whenPresent(owner, hot -> tweetIds.forEach(hot.entries::remove));
    }
  }

  private void whenPresent(long owner, Consumer<Hot> update) {
    var present = cache.getIfPresent(owner);
    if (present != null) {
      present.thenAccept(update);
    }
  }

  private CompletionStage<Hot> load(long owner) {
    var hot = new Hot();
    return store
        .before(owner, Long.MAX_VALUE, entriesPerTimeline + 1)
        .thenApply(
            rows -> {
              hot.complete = rows.size() <= entriesPerTimeline;
              hot.apply(rows);
              hot.syncedAt = System.nanoTime();
              hot.resyncedAt = hot.syncedAt;
              return hot;
            });
  }

  private static Entry entry(Row row) {
    return new Entry(row.tweetId(), row.authorId());
  }

  /** One timeline's newest entries. Written by writers' threads, read by request threads. */
  private final class Hot {
    final ConcurrentSkipListMap<Long, Long> entries =
        new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    final AtomicReference<CompletableFuture<Hot>> syncing = new AtomicReference<>();
    volatile boolean complete;
    volatile long syncedAt;
    volatile long resyncedAt;

    void add(Collection<Entry> added) {
      added.forEach(entry -> entries.put(entry.tweetId(), entry.authorId()));
      keepNewest();
    }

    void apply(Collection<Row> rows) {
      for (var row : rows) {
        if (row.present()) {
          entries.put(row.tweetId(), row.authorId());
        } else {
          entries.remove(row.tweetId());
        }
      }
      keepNewest();
    }

    private void keepNewest() {
      while (entries.size() > entriesPerTimeline) {
        entries.pollLastEntry();
        complete = false;
      }
    }

    /**
     * Whether this holds every write to its timeline: its last full read came after the last other
     * node left (and its margin), and since then this node made every write and applied it here.
     */
    boolean knowsEveryWrite() {
      return peers.noneSince(resyncedAt);
    }

    List<Entry> below(long before, int limit) {
      var found = new ArrayList<Entry>(limit);
      for (var entry : entries.tailMap(before, false).entrySet()) {
        if (found.size() == limit) {
          break;
        }
        found.add(new Entry(entry.getKey(), entry.getValue()));
      }
      return found;
    }

    /**
     * This, after reading what other nodes wrote if that is due: every {@code sync-interval} the
     * rows of the last {@code sync-lookback} (a delivery lands a moment after its tweet's time),
     * every {@code resync-interval} the newest rows whatever their age (a follow on another node
     * back-fills old tweets).
     */
    CompletionStage<Hot> synced(long owner) {
      long now = System.nanoTime();
      if (now - syncedAt < syncIntervalNanos || knowsEveryWrite()) {
        return CompletableFuture.completedFuture(this);
      }
      var mine = new CompletableFuture<Hot>();
      var running = syncing.compareAndExchange(null, mine);
      if (running != null) {
        return running;
      }
      boolean full = now - resyncedAt >= resyncIntervalNanos;
      var read =
          full
              ? store.before(owner, Long.MAX_VALUE, entriesPerTimeline)
              : store.newerThan(
                  owner,
                  Snowflake.firstIdAt(Instant.now().minus(syncLookback)),
                  entriesPerTimeline);
      read.whenComplete(
          (rows, failure) -> {
            if (failure == null) {
              apply(rows);
              syncedAt = now;
              if (full) {
                resyncedAt = now;
              }
            }
            syncing.set(null);
            // a failed sync still serves what memory holds; the next read tries again
            mine.complete(this);
          });
      return mine;
    }
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  Cache<?, ?> cacheForMetrics() {
    return cache.synchronous();
  }
}
