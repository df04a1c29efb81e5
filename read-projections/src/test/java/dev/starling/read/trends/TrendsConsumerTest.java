package dev.starling.read.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.stream.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trends consumer against the real Kafka, fed schema-conformant records by a plain producer:
 * what it counts, what it skips, and that a new consumer rebuilds the same trends from the topic.
 */
@ExtendWith(RealServersExtension.class)
class TrendsConsumerTest {
  private static final TrendSettings SETTINGS =
      new TrendSettings(Duration.ofMinutes(5), 5, 1, 3, 4);
  private static final Map<Long, String> LOCATIONS = Map.of(4L, "us", 5L, "US", 6L, "DE");

  private final Topics topics =
      new Topics(
          RealServers.kafkaBootstrapServers(),
          RealServers.uniqueName(TrendsConsumerTest.class),
          3,
          (short) 1,
          Duration.ofSeconds(10));
  private final AtomicLong tweetIds = new AtomicLong(1_000);
  private KafkaProducer<String, String> producer;
  private ActorTestKit testKit;

  @BeforeEach
  void createTopics() throws Exception {
    topics.ensureExist().toCompletableFuture().get(30, TimeUnit.SECONDS);
    var properties = topics.clientProperties();
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(properties);
  }

  @AfterEach
  void stop() {
    producer.close();
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  private TrendWindows startConsumer() {
    var windows = new TrendWindows(SETTINGS, Clock.systemUTC());
    startConsumer(topics, windows);
    return windows;
  }

  private TrendsConsumer startConsumer(Topics through, TrendWindows windows) {
    testKit = ActorTestKit.create("trends-" + System.nanoTime());
    var consumer =
        new TrendsConsumer(
            through,
            windows,
            SETTINGS,
            author -> CompletableFuture.completedFuture(Optional.ofNullable(LOCATIONS.get(author))),
            Clock.systemUTC());
    consumer.start(
        testKit.system(),
        com.typesafe.config.ConfigFactory.parseString(
            "min-backoff = 100ms, max-backoff = 1s, random-factor = 0"));
    return consumer;
  }

  private long post(long author, String tag, String place, String visibility) {
    long id = tweetIds.incrementAndGet();
    send(id, posted(id, author, tag, place, visibility, Instant.now()));
    return id;
  }

  private static String posted(
      long id, long author, String tag, String place, String visibility, Instant at) {
    return """
    {"type":"tweet.posted","version":1,"event_id":"Tweet|%d#1","occurred_at":"%s",
     "tweet":{"id":"%d","author_id":"%d","text":"#%s","visibility":"%s","reply_to_id":null,
      "quote_of_id":null,"retweet_of_id":null,"hashtags":["%s"],"mentions":[],"urls":[],
      "place":%s,"created_at":"%s","future_field":{"ignored":true}}}
    """
        .formatted(
            id,
            at,
            id,
            author,
            tag,
            visibility,
            tag,
            place == null ? "null" : "\"" + place + "\"",
            at);
  }

  private void delete(long id, long author) {
    send(
        id,
        """
        {"type":"tweet.deleted","version":1,"event_id":"Tweet|%d#2","occurred_at":"%s",
         "tweet_id":"%d","author_id":"%d","deleted_at":"%s"}
        """
            .formatted(id, Instant.now(), id, author, Instant.now()));
  }

  private void send(long key, String value) {
    try {
      producer.send(new ProducerRecord<>(topics.tweets(), Long.toString(key), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void sendAt(int partition, long timestamp, long key, String value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.tweets(), partition, timestamp, Long.toString(key), value))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> trends(TrendWindows windows, String geography) {
    return windows.ranking(geography, 10).trends().stream()
        .map(trend -> trend.name() + "=" + trend.accounts() + "/" + trend.tweetCount())
        .toList();
  }

  private static <T> void eventually(Supplier<T> actual, T expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = actual.get();
    while (!expected.equals(last)) {
      if (System.nanoTime() > deadline) {
        assertEquals(expected, last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = actual.get();
    }
  }

  @Test
  void countsWhatTheTopicSaysAndRebuildsItAfterARestart() {
    var windows = startConsumer();
    // #launch: three accounts with place US, two whose location is US, one in DE with place US
    for (long author = 1; author <= 3; author++) {
      post(author, "launch", "US", "public");
    }
    long redelivered = post(4, "launch", null, "public");
    send(redelivered, posted(redelivered, 4, "launch", null, "public", Instant.now()));
    post(5, "launch", null, "public");
    post(6, "launch", "us", "public");
    // one account spamming; followers-only tweets; a tag whose third tweet is deleted
    for (int i = 0; i < 5; i++) {
      post(9, "spam", "US", "public");
    }
    for (long author = 1; author <= 3; author++) {
      post(author, "private", "US", "followers");
    }
    post(1, "gone", "US", "public");
    post(2, "gone", "US", "public");
    long third = post(3, "gone", "US", "public");
    delete(third, 3);
    // what the consumer must skip without stopping
    send(1, "not json");
    send(2, "{\"type\":\"tweet.posted\",\"version\":1}");
    send(3, "{\"type\":\"tweet.edited\",\"version\":1,\"tweet_id\":\"3\"}");
    post(7, "after", "FR", "public");
    post(8, "after", "FR", "public");
    post(10, "after", "FR", "public");

    var usTrends = List.of("#launch=6/6");
    eventually(() -> trends(windows, "US"), usTrends);
    eventually(() -> trends(windows, "FR"), List.of("#after=3/3"));
    assertEquals(List.of("#launch=6/6", "#after=3/3"), trends(windows, Geography.GLOBAL));
    assertEquals(List.of(), trends(windows, "DE"));

    testKit.shutdownTestKit();
    var rebuilt = startConsumer();

    eventually(() -> trends(rebuilt, "US"), usTrends);
    eventually(() -> trends(rebuilt, Geography.GLOBAL), List.of("#launch=6/6", "#after=3/3"));
  }

  @Test
  void startsWhileKafkaIsUnreachableAndCatchesUpOnceItAnswers() throws Exception {
    for (long author = 1; author <= 3; author++) {
      post(author, "comeback", "US", "public");
    }
    try (var door = new KafkaDoor(RealServers.kafkaBootstrapServers())) {
      var throughDoor =
          new Topics(door.bootstrapServers(), topics.prefix(), 3, (short) 1, Duration.ofSeconds(1));
      var windows = new TrendWindows(SETTINGS, Clock.systemUTC());
      var consumer = startConsumer(throughDoor, windows);
      Supplier<Integer> attempts = consumer::attempts;
      eventually(() -> attempts.get() >= 2, true);
      assertEquals(List.of(), trends(windows, "US"));

      door.open();

      eventually(() -> trends(windows, "US"), List.of("#comeback=3/3"));
    }
  }

  @Test
  void startsAtTheRecordsPublishedSinceTheHorizonBegan() {
    // records published long ago whose tweets claim to be recent: read only if the consumer
    // started before the horizon
    long publishedLongAgo = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    for (int partition = 0; partition < 3; partition++) {
      for (long author = 1; author <= 3; author++) {
        long id = tweetIds.incrementAndGet();
        sendAt(
            partition,
            publishedLongAgo,
            id,
            posted(id, author, "stale", "US", "public", Instant.now()));
      }
    }
    // one fresh tweet behind the stale ones in every partition: once all three count, every
    // stale record has been passed
    for (int partition = 0; partition < 3; partition++) {
      long id = tweetIds.incrementAndGet();
      sendAt(
          partition,
          System.currentTimeMillis(),
          id,
          posted(id, partition + 1, "fresh", "US", "public", Instant.now()));
    }

    var windows = startConsumer();

    eventually(() -> trends(windows, "US"), List.of("#fresh=3/3"));
  }
}
