package dev.starling.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.stream.Topics;
import dev.starling.read.testing.ReadSideEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The search consumer against the real Kafka, fed with records of the public schema. */
@ExtendWith(RealServersExtension.class)
class SearchConsumerTest {
  /** Generous for a loaded CI machine: every wait ends as soon as its condition holds. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  private static Topics topics;
  private static KafkaProducer<String, String> producer;
  private static final List<Map.Entry<ProducerRecord<String, String>, Future<RecordMetadata>>>
      unconfirmed = new ArrayList<>();

  @TempDir Path folder;

  @BeforeAll
  static void createTopics() {
    topics =
        new Topics(
            RealServers.kafkaBootstrapServers(),
            RealServers.uniqueName(SearchConsumerTest.class),
            3,
            (short) 1,
            Duration.ofSeconds(10));
    topics.ensureExist().toCompletableFuture().join();
    var properties = new Properties();
    properties.putAll(topics.clientProperties());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.remove("default.api.timeout.ms");
    producer = new KafkaProducer<>(properties);
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
  }

  private static Config search() {
    return ConfigFactory.parseMap(
            Map.of(
                "commit-interval", "500ms",
                "batch-window", "20ms",
                "batch-size", "100",
                "restart.min-backoff", "100ms",
                "restart.max-backoff", "1s"))
        .withFallback(ConfigFactory.load().getConfig("starling.search"));
  }

  private static String posted(long id, long author, String text, String tag) {
    return """
    {"type":"tweet.posted","version":1,"event_id":"Tweet|%d#1",
     "occurred_at":"2026-11-30T12:00:00.000Z",
     "tweet":{"id":"%d","author_id":"%d","text":"%s","visibility":"public",
      "reply_to_id":null,"quote_of_id":null,"retweet_of_id":null,
      "hashtags":["%s"],"mentions":[],"urls":[],"place":null,
      "created_at":"2026-11-30T12:00:00.000Z"}}\
    """
        .formatted(id, id, author, text, tag);
  }

  private static String deleted(long id) {
    return """
    {"type":"tweet.deleted","version":1,"event_id":"Tweet|%d#2",
     "occurred_at":"2026-11-30T12:00:01.000Z","tweet_id":"%d","author_id":"1",
     "deleted_at":"2026-11-30T12:00:01.000Z"}\
    """
        .formatted(id, id);
  }

  /** Sends without waiting; {@link #flushConfirmed()} makes sure each record reached Kafka. */
  private static void produce(String topic, long key, String value) {
    var record = new ProducerRecord<>(topic, Long.toString(key), value);
    unconfirmed.add(Map.entry(record, producer.send(record)));
  }

  /**
   * Waits for every send and sends again what Kafka refused: a send that fails on a loaded machine
   * (CI lost 2 of 3,000 once) is the test's problem, not the consumer's. A resend of a record that
   * did arrive is harmless here: the index keeps one document per tweet, which is what the tests
   * check.
   */
  private static void flushConfirmed() {
    producer.flush();
    unconfirmed.forEach(
        sent -> {
          var record = sent.getKey();
          try {
            sent.getValue().get();
          } catch (ExecutionException failed) {
            System.err.println("resending " + record.key() + " after " + failed.getCause());
            try {
              producer.send(record).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception again) {
              throw new AssertionError("Kafka refused a test record twice", again);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
    unconfirmed.clear();
  }

  private static ActorTestKit consume(SearchIndex index) {
    var testKit = ActorTestKit.create("search-consumer");
    SearchConsumer.start(testKit.system(), index, topics, search());
    return testKit;
  }

  private static long count(SearchIndex index, String tag) {
    return index.hashtags(tag, 1).stream().mapToLong(HashtagCount::tweetCount).sum();
  }

  private static void await(BooleanSupplier done, String what) {
    await(done, what, () -> "");
  }

  private static void await(BooleanSupplier done, String what, Supplier<String> state) {
    ReadSideEvents.await(done, BOUND, () -> what + " not reached within " + BOUND + state.get());
  }

  private LuceneSearchIndex open() {
    return LuceneSearchIndex.open(folder, TextLanguage.ENGLISH, Duration.ofMillis(50));
  }

  @Test
  void postedTweetsBecomeSearchableAndDeletedOnesLeave() {
    var index = open();
    var consumer = consume(index);
    try {
      produce(topics.tweets(), 101, posted(101, 1, "hello stream world", "firsttag"));
      produce(topics.tweets(), 102, posted(102, 1, "another stream tweet", "firsttag"));
      produce(topics.tweets(), 102, "{\"not\":\"the schema\"}");
      produce(
          topics.users(),
          7,
          "{\"type\":\"user.registered\",\"version\":1,"
              + "\"user\":{\"id\":\"7\",\"handle\":\"streamer\",\"display_name\":\"S\"}}");
      flushConfirmed();
      var criteria = TweetCriteria.of(SearchTermsParser.parse("stream"), List.of());
      await(() -> index.tweets(criteria, Long.MAX_VALUE, 10).size() == 2, "two tweets found");
      await(() -> index.users("stream", Long.MAX_VALUE, 10).equals(List.of(7L)), "user found");

      produce(topics.tweets(), 101, deleted(101));
      flushConfirmed();
      await(
          () -> index.tweets(criteria, Long.MAX_VALUE, 10).equals(List.of(102L)),
          "deleted tweet gone");
      assertEquals(1, count(index, "firsttag"));
    } finally {
      consumer.shutdownTestKit();
      index.close();
    }
  }

  @Test
  void restartedMidStreamItResumesFromTheIndexWithNothingLostOrDoubled() {
    int total = 3000;
    var index = open();
    var consumer = consume(index);
    for (int i = 0; i < total / 2; i++) {
      long id = 10_000 + i;
      produce(topics.tweets(), id, posted(id, 2, "restart text " + i, "restarttag"));
    }
    flushConfirmed();
    await(() -> count(index, "restarttag") > 0, "indexing under way");
    // stopped while records are still coming: the rest must be picked up after the restart
    for (int i = total / 2; i < total; i++) {
      long id = 10_000 + i;
      produce(topics.tweets(), id, posted(id, 2, "restart text " + i, "restarttag"));
    }
    consumer.shutdownTestKit();
    index.close();
    flushConfirmed();

    var reopened = open();
    var positionsAtRestart = new HashMap<>(reopened.positions());
    var restarted = consume(reopened);
    try {
      await(
          () -> count(reopened, "restarttag") == total,
          "every tweet indexed",
          () ->
              ": "
                  + count(reopened, "restarttag")
                  + " indexed, positions at restart "
                  + positionsAtRestart
                  + ", now "
                  + reopened.positions()
                  + ", end offsets "
                  + endOffsets());
      var criteria = TweetCriteria.of(SearchTermsParser.parse("restart"), List.of());
      assertEquals(total, reopened.tweets(criteria, Long.MAX_VALUE, total + 10).size());
      await(() -> !reopened.positions().equals(positionsAtRestart), "positions moved on");
      long consumed =
          reopened.positions().entrySet().stream()
              .filter(e -> e.getKey().topic().equals(topics.tweets()))
              .mapToLong(Map.Entry::getValue)
              .sum();
      assertEquals(endOffsets(), consumed);
    } finally {
      restarted.shutdownTestKit();
      reopened.close();
    }
  }

  private static long endOffsets() {
    var consumerProperties = new Properties();
    consumerProperties.putAll(topics.clientProperties());
    try (var probe =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
            consumerProperties,
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer())) {
      var partitions =
          SearchConsumer.searchedPartitions(topics).stream()
              .filter(p -> p.topic().equals(topics.tweets()))
              .toList();
      return probe.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
