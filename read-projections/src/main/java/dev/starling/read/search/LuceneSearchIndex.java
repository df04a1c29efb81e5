package dev.starling.read.search;

import dev.starling.read.search.IndexChange.TweetDocument;
import dev.starling.read.search.IndexChange.TweetRemoval;
import dev.starling.read.search.IndexChange.UserDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded search index: one Lucene index per node, written by the node's search consumer and
 * read near-real-time ({@link SearcherManager} refreshed every {@code refreshInterval}, so a tweet
 * is searchable that long after it was applied). Stream positions travel in the Lucene commit's
 * user data, so the committed documents and the committed positions always agree.
 *
 * <p>Tweets: id (points and doc values: newest first is id order, ids being time-ordered), author
 * id, text analysed for the configured {@link TextLanguage}, hashtags and mentions as lower-cased
 * keywords, visibility. Users: handle and display name, whole and per word, lower-cased for prefix
 * matching.
 *
 * <p>A deleted tweet leaves a delete marker in place of its document (its uid and id, nothing
 * searchable), so a {@code tweet.posted} that arrives after its {@code tweet.deleted} (redelivered,
 * or replayed after a restart) never brings it back. The markers are kept in the index, so they
 * outlive a restart with the positions they go with; the ids they mark are held in memory too.
 */
public final class LuceneSearchIndex implements SearchIndex {
  private static final Logger log = LoggerFactory.getLogger(LuceneSearchIndex.class);
  private static final String UID = "uid";
  private static final String TWEET_ID = "tweet_id";
  private static final String AUTHOR_ID = "author_id";
  private static final String TEXT = "text";
  private static final String HASHTAG = "hashtag";
  private static final String MENTION = "mention";
  private static final String VISIBILITY = "visibility";
  private static final String USER_ID = "user_id";
  private static final String HANDLE = "handle";
  private static final String NAME = "name";
  private static final String NAME_WORDS = "name_words";
  private static final String POSITION_KEY = "position:";
  private static final String DELETED = "deleted";

  /** Hashtags looked at per prefix query; a one-letter prefix must not walk every tag there is. */
  private static final int MAX_HASHTAGS_SCANNED = 5000;

  private static final Sort NEWEST_TWEET_FIRST =
      new Sort(new SortField(TWEET_ID, SortField.Type.LONG, true));

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final QueryBuilder textQueries;
  private final ScheduledExecutorService refresher;
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  /** The tweets with a delete marker in the index: a later document for one of them is ignored. */
  private final Set<Long> deletedTweets = new HashSet<>();

  /** No tweet in the index has a greater id (deleted ones included). */
  private long newestTweetId;

  private LuceneSearchIndex(Directory directory, Analyzer textAnalyzer, Duration refreshInterval)
      throws IOException {
    this.directory = directory;
    writer = new IndexWriter(directory, writerConfig(textAnalyzer));
    var committed = writer.getLiveCommitData();
    if (committed != null) {
      committed.forEach(
          entry -> {
            if (entry.getKey().startsWith(POSITION_KEY)) {
              positions.put(partitionOf(entry.getKey()), Long.parseLong(entry.getValue()));
            }
          });
    }
    searchers = new SearcherManager(writer, null);
    newestTweetId = newestTweetId(searchers);
    var markers = new TermQuery(new Term(DELETED, "y"));
    int marked = withSearcher(searcher -> searcher.count(markers));
    if (marked > 0) {
      deletedTweets.addAll(newestFirst(markers, TWEET_ID, marked));
    }
    textQueries = new QueryBuilder(textAnalyzer);
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              var thread = new Thread(runnable, "search-index-refresh");
              thread.setDaemon(true);
              return thread;
            });
    long every = refreshInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::scheduledRefresh, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * How the index is written. Segments are kept sorted newest tweet first, the order every tweet
   * search asks for, so a search stops after the first page's worth of matches in each segment
   * instead of visiting every match (a common word matches a good part of all tweets).
   */
  public static IndexWriterConfig writerConfig(Analyzer textAnalyzer) {
    var analyzer =
        new PerFieldAnalyzerWrapper(
            textAnalyzer, Map.of(NAME_WORDS, new StandardAnalyzer(CharArraySet.EMPTY_SET)));
    return new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setIndexSort(NEWEST_TWEET_FIRST)
        .setRAMBufferSizeMB(64);
  }

  /** Opens (or creates) the index in {@code folder}; fails if another process holds it. */
  public static LuceneSearchIndex open(
      Path folder, TextLanguage language, Duration refreshInterval) {
    try {
      return new LuceneSearchIndex(FSDirectory.open(folder), language.analyzer(), refreshInterval);
    } catch (IOException e) {
      throw new UncheckedIOException("search index " + folder + " cannot be opened", e);
    }
  }

  /**
   * Documents are replaced by id, so applying a change twice is harmless, and a delete is final: it
   * replaces the tweet's document by a delete marker, and a document for a marked tweet is ignored.
   * Replacing costs a delete by term, though, which Lucene resolves against every segment; a tweet
   * newer than every tweet ever indexed cannot be there yet and is simply added (Snowflake ids grow
   * with time, so in the steady state almost every tweet is). Changes of different documents
   * commute, so a batch is applied in id order (stable: one document's changes keep their order) to
   * make most of that.
   */
  @Override
  public synchronized void apply(List<IndexChange> changes, Map<TopicPartition, Long> after) {
    var ordered = new ArrayList<>(changes);
    ordered.sort(Comparator.comparingLong(LuceneSearchIndex::documentId));
    try {
      for (var change : ordered) {
        if (change instanceof TweetDocument tweet) {
          if (deletedTweets.contains(tweet.tweetId())) {
            continue;
          }
          if (tweet.tweetId() > newestTweetId) {
            writer.addDocument(tweetDocument(tweet));
            newestTweetId = tweet.tweetId();
          } else {
            writer.updateDocument(uid("t", tweet.tweetId()), tweetDocument(tweet));
          }
        } else if (change instanceof TweetRemoval removal) {
          if (deletedTweets.add(removal.tweetId())) {
            writer.updateDocument(uid("t", removal.tweetId()), deleteMarker(removal.tweetId()));
            newestTweetId = Math.max(newestTweetId, removal.tweetId());
          }
        } else if (change instanceof UserDocument user) {
          writer.updateDocument(uid("u", user.userId()), userDocument(user));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    positions.putAll(after);
  }

  @Override
  public synchronized Map<TopicPartition, Long> positions() {
    return Map.copyOf(positions);
  }

  @Override
  public synchronized void commit() {
    var data = new HashMap<String, String>();
    positions.forEach(
        (partition, offset) ->
            data.put(
                POSITION_KEY + partition.topic() + ":" + partition.partition(),
                Long.toString(offset)));
    try {
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Long> tweets(TweetCriteria criteria, long beforeId, int limit) {
    var query = new BooleanQuery.Builder();
    query.add(LongPoint.newRangeQuery(TWEET_ID, Long.MIN_VALUE, beforeId - 1), Occur.FILTER);
    int matching = 0;
    for (String word : criteria.words()) {
      Query q = textQueries.createBooleanQuery(TEXT, word, Occur.MUST);
      if (q != null) {
        query.add(q, Occur.MUST);
        matching++;
      }
    }
    for (String phrase : criteria.phrases()) {
      Query q = textQueries.createPhraseQuery(TEXT, phrase);
      if (q != null) {
        query.add(q, Occur.MUST);
        matching++;
      }
    }
    for (String tag : criteria.hashtags()) {
      query.add(new TermQuery(new Term(HASHTAG, keyword(tag))), Occur.FILTER);
      matching++;
    }
    for (String handle : criteria.mentions()) {
      query.add(new TermQuery(new Term(MENTION, keyword(handle))), Occur.FILTER);
      matching++;
    }
    if (!criteria.authorIds().isEmpty()) {
      query.add(
          LongPoint.newSetQuery(
              AUTHOR_ID, criteria.authorIds().stream().mapToLong(Long::longValue).toArray()),
          Occur.FILTER);
      matching++;
    }
    if (matching == 0) {
      // nothing left to match on (only stop words): an empty result, not every tweet
      return List.of();
    }
    return newestFirst(query.build(), TWEET_ID, limit);
  }

  @Override
  public List<Long> users(String prefix, long beforeId, int limit) {
    String lower = keyword(prefix);
    var matches =
        new BooleanQuery.Builder()
            .add(new PrefixQuery(new Term(HANDLE, lower)), Occur.SHOULD)
            .add(new PrefixQuery(new Term(NAME, lower)), Occur.SHOULD)
            .add(new PrefixQuery(new Term(NAME_WORDS, lower)), Occur.SHOULD)
            .setMinimumNumberShouldMatch(1)
            .build();
    var query =
        new BooleanQuery.Builder()
            .add(LongPoint.newRangeQuery(USER_ID, Long.MIN_VALUE, beforeId - 1), Occur.FILTER)
            .add(matches, Occur.FILTER)
            .build();
    return newestFirst(query, USER_ID, limit);
  }

  @Override
  public List<HashtagCount> hashtags(String prefix, int limit) {
    var top =
        new PriorityQueue<HashtagCount>(
            Comparator.comparingLong(HashtagCount::tweetCount)
                .thenComparing(HashtagCount::tag, Comparator.reverseOrder()));
    withSearcher(
        searcher -> {
          var terms = MultiTerms.getTerms(searcher.getIndexReader(), HASHTAG);
          if (terms == null) {
            return null;
          }
          BytesRef start = new BytesRef(keyword(prefix));
          TermsEnum tags = terms.iterator();
          if (tags.seekCeil(start) == TermsEnum.SeekStatus.END) {
            return null;
          }
          int scanned = 0;
          for (BytesRef tag = tags.term();
              tag != null && startsWith(tag, start) && scanned < MAX_HASHTAGS_SCANNED;
              tag = tags.next(), scanned++) {
            // docFreq counts deleted tweets until segments merge; count() sees only live ones
            String name = tag.utf8ToString();
            int live = searcher.count(new TermQuery(new Term(HASHTAG, name)));
            if (live > 0) {
              top.add(new HashtagCount(name, live));
              if (top.size() > limit) {
                top.poll();
              }
            }
          }
          return null;
        });
    var ranked = new ArrayList<>(top);
    ranked.sort(
        Comparator.comparingLong(HashtagCount::tweetCount)
            .reversed()
            .thenComparing(HashtagCount::tag));
    return ranked;
  }

  /**
   * A scheduled task that throws is never run again, so one failed refresh (say, while the writer
   * is being closed) would freeze what searches see for good; it is logged and the next one runs.
   */
  private void scheduledRefresh() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("Search index refresh failed; the next one is in the schedule", e);
    }
  }

  /** Makes everything applied so far searchable now, instead of at the next scheduled refresh. */
  public void refresh() {
    try {
      searchers.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    // never interrupt a thread inside Lucene: an interrupted write closes its file channel, which
    // Lucene treats as a tragic event that takes the whole writer down
    refresher.shutdown();
    try {
      refresher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (writer.isOpen() && writer.getTragicException() == null) {
        commit();
      }
      // a writer that died of a tragic event (say, a thread interrupted mid-write when its actor
      // system stopped) keeps its last commit; the positions in it say where to resume
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Long> newestFirst(Query query, String idField, int limit) {
    return withSearcher(
        searcher -> {
          var sort =
              idField.equals(TWEET_ID)
                  ? NEWEST_TWEET_FIRST
                  : new Sort(new SortField(idField, SortField.Type.LONG, true));
          var hits = searcher.search(query, limit, sort, false);
          var ids = new ArrayList<Long>(hits.scoreDocs.length);
          for (ScoreDoc hit : hits.scoreDocs) {
            ids.add((Long) ((FieldDoc) hit).fields[0]);
          }
          return ids;
        });
  }

  private interface SearcherWork<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherWork<T> work) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return work.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long documentId(IndexChange change) {
    if (change instanceof TweetDocument tweet) {
      return tweet.tweetId();
    } else if (change instanceof TweetRemoval removal) {
      return removal.tweetId();
    }
    return Long.MIN_VALUE;
  }

  /** The greatest tweet id of any document, deleted or not: what an added tweet must exceed. */
  private static long newestTweetId(SearcherManager searchers) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      byte[] max = PointValues.getMaxPackedValue(searcher.getIndexReader(), TWEET_ID);
      return max == null ? Long.MIN_VALUE : LongPoint.decodeDimension(max, 0);
    } finally {
      searchers.release(searcher);
    }
  }

  private static Document tweetDocument(TweetDocument tweet) {
    var doc = new Document();
    doc.add(new StringField(UID, "t" + tweet.tweetId(), Field.Store.NO));
    doc.add(new LongPoint(TWEET_ID, tweet.tweetId()));
    doc.add(new NumericDocValuesField(TWEET_ID, tweet.tweetId()));
    doc.add(new LongPoint(AUTHOR_ID, tweet.authorId()));
    doc.add(new TextField(TEXT, tweet.text(), Field.Store.NO));
    for (String tag : tweet.hashtags()) {
      doc.add(new StringField(HASHTAG, keyword(tag), Field.Store.NO));
    }
    for (String handle : tweet.mentions()) {
      doc.add(new StringField(MENTION, keyword(handle), Field.Store.NO));
    }
    doc.add(new StringField(VISIBILITY, tweet.visibility(), Field.Store.NO));
    return doc;
  }

  /** What stands for a deleted tweet: its uid and id, and no field a search matches. */
  private static Document deleteMarker(long tweetId) {
    var doc = new Document();
    doc.add(new StringField(UID, "t" + tweetId, Field.Store.NO));
    doc.add(new LongPoint(TWEET_ID, tweetId));
    doc.add(new NumericDocValuesField(TWEET_ID, tweetId));
    doc.add(new StringField(DELETED, "y", Field.Store.NO));
    return doc;
  }

  private static Document userDocument(UserDocument user) {
    var doc = new Document();
    doc.add(new StringField(UID, "u" + user.userId(), Field.Store.NO));
    doc.add(new LongPoint(USER_ID, user.userId()));
    doc.add(new NumericDocValuesField(USER_ID, user.userId()));
    doc.add(new StringField(HANDLE, keyword(user.handle()), Field.Store.NO));
    if (user.displayName() != null && !user.displayName().isBlank()) {
      doc.add(new StringField(NAME, keyword(user.displayName()), Field.Store.NO));
      doc.add(new TextField(NAME_WORDS, user.displayName(), Field.Store.NO));
    }
    return doc;
  }

  private static Term uid(String kind, long id) {
    return new Term(UID, kind + id);
  }

  static String keyword(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean startsWith(BytesRef term, BytesRef prefix) {
    if (term.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (term.bytes[term.offset + i] != prefix.bytes[prefix.offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static TopicPartition partitionOf(String key) {
    String address = key.substring(POSITION_KEY.length());
    int colon = address.lastIndexOf(':');
    return new TopicPartition(
        address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }
}
