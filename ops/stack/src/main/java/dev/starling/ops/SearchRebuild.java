package dev.starling.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.servers.KafkaServer;
import dev.starling.ops.servers.Profile;
import dev.starling.read.search.LuceneSearchIndex;
import dev.starling.read.search.RecordIndexer;
import dev.starling.read.search.SearchConsumer;
import dev.starling.read.search.TextLanguage;
import dev.starling.read.stream.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * {@code ops/starling search rebuild}: builds the node's search index afresh from the beginning of
 * the tweets and users topics, through the node's own indexing path, then swaps it in for the old
 * one. The node must be stopped (it holds the index; the command says so and changes nothing if
 * not); Kafka is used if it answers, otherwise the stack's own Kafka is started from the data
 * folder for the rebuild and stopped after. The new index carries the end offsets it read up to, so
 * the node, started again, continues from there. Progress (records, rate, ETA against the end
 * offsets taken at the start) is printed every second.
 *
 * <p>Environment: as {@code ops/starling up} ({@code STARLING_DATA_DIR}, {@code
 * STARLING_SEARCH_INDEX_DIR}, {@code STARLING_KAFKA_PORT}, {@code STARLING_KAFKA_CONTROLLER_PORT}),
 * plus the node's {@code STARLING_KAFKA_TOPIC_PREFIX} and {@code STARLING_SEARCH_LANGUAGE}.
 */
public final class SearchRebuild {
  private SearchRebuild() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(StarlingUp.env("STARLING_DATA_DIR", ".starling")).toAbsolutePath();
    Path indexDir = StarlingUp.searchIndexDir(dataDir);
    Config config = ConfigFactory.load();
    int kafkaPort = StarlingUp.intEnv("STARLING_KAFKA_PORT", KafkaServer.DEFAULT_PORT);
    String bootstrap = "127.0.0.1:" + kafkaPort;
    var kafka = config.getConfig("starling.kafka");
    var topics =
        new Topics(
            bootstrap,
            kafka.getString("topic-prefix"),
            kafka.getInt("partitions"),
            (short) kafka.getInt("replication-factor"),
            kafka.getDuration("request-timeout"));
    var language = TextLanguage.of(config.getString("starling.search.language"));

    if (heldByARunningNode(indexDir)) {
      System.err.println(
          "The search index "
              + indexDir
              + " is in use: stop the node (ops/starling up) first, then run this again.");
      System.exit(1);
    }
    KafkaServer started = null;
    if (!answers(bootstrap)) {
      System.out.println(
          "Kafka does not answer on " + bootstrap + "; starting the stack's Kafka ...");
      started =
          KafkaServer.start(
              new KafkaServer.Settings(
                  dataDir.resolve("kafka"),
                  "127.0.0.1",
                  kafkaPort,
                  StarlingUp.intEnv(
                      "STARLING_KAFKA_CONTROLLER_PORT", KafkaServer.DEFAULT_CONTROLLER_PORT),
                  Profile.DEV));
    }
    try {
      Path fresh = indexDir.resolveSibling(indexDir.getFileName() + ".rebuild");
      deleteFolder(fresh);
      long records = rebuild(topics, fresh, language);
      swap(fresh, indexDir);
      System.out.println("Search index rebuilt from " + records + " records into " + indexDir);
    } finally {
      if (started != null) {
        started.close();
      }
    }
  }

  /** Reads every searched partition from its beginning to the end offsets taken now. */
  private static long rebuild(Topics topics, Path folder, TextLanguage language) {
    topics.ensureExist().toCompletableFuture().join();
    List<TopicPartition> partitions = SearchConsumer.searchedPartitions(topics);
    var properties = new Properties();
    properties.putAll(topics.clientProperties());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (var consumer =
            new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        var index = LuceneSearchIndex.open(folder, language, Duration.ofMinutes(1))) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      var remaining = new HashMap<TopicPartition, Long>();
      long total = 0;
      for (var partition : partitions) {
        long first = consumer.position(partition);
        total += end.get(partition) - first;
        if (end.get(partition) > first) {
          remaining.put(partition, end.get(partition));
        }
      }
      var progress = new Progress(total);
      long done = 0;
      while (!remaining.isEmpty()) {
        var batch = consumer.poll(Duration.ofMillis(500));
        var records = new ArrayList<ConsumerRecord<String, String>>(batch.count());
        batch.forEach(records::add);
        done += RecordIndexer.apply(index, records);
        remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        progress.show(done);
      }
      progress.finish(done);
      return done;
    }
  }

  /** One line, rewritten in place: records done of the total, rate and estimated time left. */
  private static final class Progress {
    private final long total;
    private final long started = System.nanoTime();
    private long lastShown;

    Progress(long total) {
      this.total = total;
      System.out.printf("Rebuilding the search index from %,d records%n", total);
    }

    void show(long done) {
      long now = System.nanoTime();
      if (now - lastShown < TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      lastShown = now;
      double seconds = Math.max(1e-3, (now - started) / 1e9);
      double rate = done / seconds;
      long eta = rate > 0 ? (long) ((total - done) / rate) : -1;
      System.out.printf(
          "\r  %,d / %,d records  %,.0f records/s  ETA %s   ",
          done, total, rate, eta < 0 ? "?" : String.format("%d:%02d", eta / 60, eta % 60));
      System.out.flush();
    }

    void finish(long done) {
      lastShown = 0;
      show(done);
      System.out.printf("%n  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
  }

  private static boolean heldByARunningNode(Path indexDir) {
    if (!Files.isDirectory(indexDir)) {
      return false;
    }
    try (var directory = FSDirectory.open(indexDir);
        var lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      return false;
    } catch (LockObtainFailedException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean answers(String bootstrap) {
    var properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(properties)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
          .clusterId()
          .get(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The old index is moved aside first and deleted only once the new one is in place. */
  private static void swap(Path fresh, Path indexDir) {
    try {
      Path old = indexDir.resolveSibling(indexDir.getFileName() + ".old");
      deleteFolder(old);
      if (Files.exists(indexDir)) {
        Files.move(indexDir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(fresh, indexDir, StandardCopyOption.ATOMIC_MOVE);
      deleteFolder(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteFolder(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
