package dev.starling.ops.bench.search;

import dev.starling.ops.bench.host.Machine;
import dev.starling.ops.bench.http.Endpoint;
import dev.starling.read.search.LuceneSearchIndex;
import dev.starling.read.search.RecordIndexer;
import dev.starling.read.search.SearchTermsParser;
import dev.starling.read.search.TextLanguage;
import dev.starling.read.search.TweetCriteria;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;

/**
 * {@code ops/starling bench search}: indexing throughput of synthetic tweets through the node's
 * indexing path (public-schema JSON records → {@link RecordIndexer} → {@link LuceneSearchIndex})
 * next to raw Lucene indexing equivalent documents (same analyzer and fields, {@code addDocument},
 * no JSON) in the same run, then query latency per query form on the index just built.
 */
public final class SearchBench {
  public static final String USAGE =
      """
      Usage: ops/starling bench search [options]

      Indexes synthetic tweets (and accounts) through the node's indexing path, from JSON records
      of the public event schema, and the same tweets with raw Lucene in the same run; prints
      both rates and their ratio (target >= 0.5). Then times each query form on the node's index
      (target P99 < 50 ms). Nothing else needs to run.

      Options (defaults in brackets):
        --tweets N     tweets to index [1000000]
        --users N      accounts [100000]
        --queries N    timed queries per form, after as many unmeasured ones [2000]
        --dir PATH     where the indexes go (deleted afterwards) [a temporary folder]
        --url URL      also measure post -> searchable on this running node (ops/starling up),
                       e.g. http://127.0.0.1:8080 [not measured]
        --lag-tweets N tweets posted for that [100]
      """;

  private static final int BATCH = 1000;
  private static final int PARTITIONS = 8;
  private static final String TOPIC = "bench.tweets";
  private static final long SEED = 20261130L;

  private final int tweets;
  private final int users;
  private final int queries;
  private final Path dir;
  private final Endpoint lagEndpoint;
  private final int lagTweets;
  private final String command;
  private final PrintStream out;

  private SearchBench(
      int tweets,
      int users,
      int queries,
      Path dir,
      Endpoint lagEndpoint,
      int lagTweets,
      String command,
      PrintStream out) {
    this.tweets = tweets;
    this.users = users;
    this.queries = queries;
    this.dir = dir;
    this.lagEndpoint = lagEndpoint;
    this.lagTweets = lagTweets;
    this.command = command;
    this.out = out;
  }

  public static SearchBench parse(List<String> options, String command, PrintStream out) {
    int tweets = 1_000_000;
    int users = 100_000;
    int queries = 2000;
    Path dir = null;
    Endpoint lagEndpoint = null;
    int lagTweets = 100;
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (i + 1 >= options.size()) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = options.get(++i);
      try {
        switch (option) {
          case "--tweets" -> tweets = positive(option, Integer.parseInt(value));
          case "--users" -> users = positive(option, Integer.parseInt(value));
          case "--queries" -> queries = positive(option, Integer.parseInt(value));
          case "--dir" -> dir = Path.of(value);
          case "--url" -> lagEndpoint = Endpoint.parse(value);
          case "--lag-tweets" -> lagTweets = positive(option, Integer.parseInt(value));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number, not " + value);
      }
    }
    return new SearchBench(tweets, users, queries, dir, lagEndpoint, lagTweets, command, out);
  }

  private static int positive(String option, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be positive");
    }
    return value;
  }

  public void run() throws IOException {
    Path root =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("bench-search");
    out.println("# " + command);
    out.println("machine: " + Machine.describe());
    out.printf(
        Locale.ROOT, "tweets %,d, accounts %,d, queries per form %,d%n", tweets, users, queries);
    try {
      // both paths once, small, so neither run pays the other's JIT warm-up
      indexThroughPath(root.resolve("warmup-path"), Math.min(tweets, 50_000), 0).close();
      rawLucene(root.resolve("warmup-raw"), Math.min(tweets, 50_000), false);

      var path = indexThroughPath(root.resolve("path"), tweets, users);
      double pathRate = path.rate;
      double rawRate = rawLucene(root.resolve("raw"), tweets, true);
      out.printf(
          Locale.ROOT,
          "indexing: node path %,.0f tweets/s, raw Lucene %,.0f tweets/s, ratio %.2f (target >="
              + " 0.5)%n",
          pathRate,
          rawRate,
          pathRate / rawRate);
      try (var index = path.index) {
        queryLatencies(index);
      }
    } finally {
      delete(root);
    }
    if (lagEndpoint != null) {
      SearchLag.measure(lagEndpoint, lagTweets, out);
    }
  }

  private record Indexed(LuceneSearchIndex index, double rate) implements AutoCloseable {
    @Override
    public void close() {
      index.close();
    }
  }

  /** Tweets as JSON records through RecordIndexer; only the indexing is timed, not making JSON. */
  private Indexed indexThroughPath(Path folder, int count, int accounts) {
    var synthetic = new SyntheticTweets(SEED, users);
    var index = LuceneSearchIndex.open(folder, TextLanguage.ENGLISH, Duration.ofHours(1));
    long[] offsets = new long[PARTITIONS];
    long timed = 0;
    for (int start = 0; start < count; start += BATCH) {
      var batch = new ArrayList<ConsumerRecord<String, String>>(BATCH);
      for (int i = start; i < Math.min(count, start + BATCH); i++) {
        var tweet = synthetic.next(i);
        int partition = (int) (tweet.id() % PARTITIONS);
        batch.add(
            new ConsumerRecord<>(
                TOPIC, partition, offsets[partition]++, Long.toString(tweet.id()), json(tweet)));
      }
      long began = System.nanoTime();
      RecordIndexer.apply(index, batch);
      timed += System.nanoTime() - began;
    }
    long began = System.nanoTime();
    index.commit();
    timed += System.nanoTime() - began;
    double rate = count / (timed / 1e9);
    if (accounts > 0) {
      var batch = new ArrayList<ConsumerRecord<String, String>>();
      for (int i = 0; i < accounts; i++) {
        batch.add(
            new ConsumerRecord<>(
                "bench.users", 0, i, "u", userJson(synthetic.userId(i), synthetic.handles[i])));
      }
      RecordIndexer.apply(index, batch);
      index.commit();
      out.printf(Locale.ROOT, "  node path: %,d tweets in %.1f s%n", count, timed / 1e9);
    }
    index.refresh();
    return new Indexed(index, rate);
  }

  /**
   * The same tweets as Lucene documents with the same fields, analyzer and index settings, added
   * directly: what Lucene itself costs, without the JSON, the update by id and the positions.
   */
  private double rawLucene(Path folder, int count, boolean report) throws IOException {
    var synthetic = new SyntheticTweets(SEED, users);
    long timed = 0;
    try (var directory = FSDirectory.open(folder);
        var writer =
            new IndexWriter(
                directory, LuceneSearchIndex.writerConfig(TextLanguage.ENGLISH.analyzer()))) {
      for (int start = 0; start < count; start += BATCH) {
        var batch = new ArrayList<SyntheticTweets.Tweet>(BATCH);
        for (int i = start; i < Math.min(count, start + BATCH); i++) {
          batch.add(synthetic.next(i));
        }
        long began = System.nanoTime();
        for (var tweet : batch) {
          writer.addDocument(document(tweet));
        }
        timed += System.nanoTime() - began;
      }
      long began = System.nanoTime();
      writer.commit();
      timed += System.nanoTime() - began;
    }
    if (report) {
      out.printf(Locale.ROOT, "  raw Lucene: %,d tweets in %.1f s%n", count, timed / 1e9);
    }
    return count / (timed / 1e9);
  }

  private void queryLatencies(LuceneSearchIndex index) {
    var synthetic = new SyntheticTweets(SEED, users);
    var sample = new SyntheticTweets(SEED, users);
    var random = new Random(SEED + 7);
    var forms = new LinkedHashMap<String, Function<Random, Integer>>();
    forms.put("word", r -> tweets(index, synthetic.word(r)));
    forms.put("two words", r -> tweets(index, synthetic.word(r) + " " + synthetic.word(r)));
    forms.put(
        "\"phrase\"",
        r -> {
          String[] words = sample.next(r.nextInt(tweets)).text().split(" ");
          int at = r.nextInt(Math.max(1, words.length - 2));
          return tweets(index, "\"" + words[at] + " " + words[at + 1] + "\"");
        });
    forms.put("#tag", r -> tweets(index, "#" + synthetic.tag(r)));
    forms.put("@handle", r -> tweets(index, "@" + synthetic.handle(r)));
    forms.put(
        "from:handle",
        r ->
            index
                .tweets(
                    TweetCriteria.of(
                        SearchTermsParser.parse("from:x"),
                        List.of(synthetic.userId(r.nextInt(users)))),
                    Long.MAX_VALUE,
                    20)
                .size());
    forms.put("word #tag", r -> tweets(index, synthetic.word(r) + " #" + synthetic.tag(r)));
    forms.put(
        "users prefix",
        r -> index.users(synthetic.handle(r).substring(0, 3), Long.MAX_VALUE, 20).size());
    forms.put("hashtags prefix", r -> index.hashtags(synthetic.tag(r).substring(0, 2), 20).size());
    out.println("query latency on the node's index (limit 20), ms:");
    out.println("| form | P50 | P99 | max | mean hits |");
    out.println("| --- | ---: | ---: | ---: | ---: |");
    forms.forEach(
        (name, query) -> {
          for (int i = 0; i < queries; i++) {
            query.apply(random);
          }
          var histogram = new Histogram(3);
          long hits = 0;
          for (int i = 0; i < queries; i++) {
            long began = System.nanoTime();
            hits += query.apply(random);
            histogram.recordValue(System.nanoTime() - began);
          }
          out.printf(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %.2f | %.1f |%n",
              name,
              histogram.getValueAtPercentile(50) / 1e6,
              histogram.getValueAtPercentile(99) / 1e6,
              histogram.getMaxValue() / 1e6,
              hits / (double) queries);
        });
  }

  private static int tweets(LuceneSearchIndex index, String q) {
    return index
        .tweets(TweetCriteria.of(SearchTermsParser.parse(q), List.of()), Long.MAX_VALUE, 20)
        .size();
  }

  private static Document document(SyntheticTweets.Tweet tweet) {
    var doc = new Document();
    doc.add(new StringField("uid", "t" + tweet.id(), Field.Store.NO));
    doc.add(new LongPoint("tweet_id", tweet.id()));
    doc.add(new NumericDocValuesField("tweet_id", tweet.id()));
    doc.add(new LongPoint("author_id", tweet.authorId()));
    doc.add(new TextField("text", tweet.text(), Field.Store.NO));
    for (String tag : tweet.hashtags()) {
      doc.add(new StringField("hashtag", tag, Field.Store.NO));
    }
    for (String handle : tweet.mentions()) {
      doc.add(new StringField("mention", handle, Field.Store.NO));
    }
    doc.add(new StringField("visibility", "public", Field.Store.NO));
    return doc;
  }

  private static String json(SyntheticTweets.Tweet tweet) {
    return "{\"type\":\"tweet.posted\",\"version\":1,\"event_id\":\"Tweet|"
        + tweet.id()
        + "#1\",\"occurred_at\":\"2026-11-30T12:00:00.000Z\",\"tweet\":{\"id\":\""
        + tweet.id()
        + "\",\"author_id\":\""
        + tweet.authorId()
        + "\",\"text\":\""
        + tweet.text()
        + "\",\"visibility\":\"public\",\"reply_to_id\":null,\"quote_of_id\":null,"
        + "\"retweet_of_id\":null,\"hashtags\":"
        + array(tweet.hashtags())
        + ",\"mentions\":"
        + array(tweet.mentions())
        + ",\"urls\":[],\"place\":null,\"created_at\":\"2026-11-30T12:00:00.000Z\"}}";
  }

  private static String userJson(long id, String handle) {
    return "{\"type\":\"user.registered\",\"version\":1,\"event_id\":\"User|"
        + id
        + "#1\",\"occurred_at\":\"2026-11-30T12:00:00.000Z\",\"user\":{\"id\":\""
        + id
        + "\",\"handle\":\""
        + handle
        + "\",\"display_name\":\""
        + handle.toUpperCase(Locale.ROOT)
        + " Person\",\"bio\":\"\",\"location\":null,\"created_at\":\"2026-11-30T12:00:00.000Z\"}}";
  }

  private static String array(List<String> values) {
    var json = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(values.get(i)).append('"');
    }
    return json.append(']').toString();
  }

  private static void delete(Path root) {
    try (var paths = Files.walk(root)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
