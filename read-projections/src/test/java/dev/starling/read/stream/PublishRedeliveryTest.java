package dev.starling.read.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.engagement.Engagement;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.stream.PublicEvents.Origin;
import dev.starling.read.stream.PublicEvents.PublicEvent;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publisher projection is at-least-once: after a restart it sends again what Kafka already
 * acknowledged. Consumers dedupe on {@code event_id}, so a redelivered event must reach the topic
 * as the same record — same key, same {@code event_id}, same content — for every aggregate.
 */
@ExtendWith(RealServersExtension.class)
class PublishRedeliveryTest {
  private static final Instant AT = Instant.parse("2026-11-29T08:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorTestKit testKit;
  private static Topics topics;
  private static SendProducer<String, String> producer;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("publish-redelivery");
    topics =
        new Topics(
            RealServers.kafkaBootstrapServers(),
            RealServers.uniqueName(PublishRedeliveryTest.class),
            3,
            (short) 1,
            Duration.ofSeconds(10));
    topics.ensureExist().toCompletableFuture().join();
    producer =
        new SendProducer<>(
            ProducerSettings.create(
                    testKit.system(), new StringSerializer(), new StringSerializer())
                .withBootstrapServers(topics.bootstrapServers())
                .withProperty("acks", "all"),
            testKit.system());
  }

  @AfterAll
  static void stop() {
    producer.close().toCompletableFuture().join();
    testKit.shutdownTestKit();
  }

  /** One aggregate's topic, its mapping to the public schema, and one of its events. */
  private record Case<E>(
      String name,
      Function<Topics, String> topic,
      BiFunction<E, Origin, Optional<PublicEvent>> toPublic,
      String persistenceId,
      E event) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> oneEventOfEachAggregate() {
    var tweet =
        new TweetData(
            901,
            11,
            "published twice",
            Visibility.PUBLIC,
            null,
            null,
            null,
            List.of("twice"),
            List.of(),
            List.of(),
            AT,
            null);
    return Stream.of(
        Arguments.of(
            new Case<User.Event>(
                "user activated",
                Topics::users,
                PublicEvents::of,
                "User|11",
                new User.Activated(new Profile(11, "pub", "Pub", null, null, AT)))),
        Arguments.of(
            new Case<Tweet.Event>(
                "tweet posted",
                Topics::tweets,
                PublicEvents::of,
                "Tweet|901",
                new Tweet.Posted(tweet))),
        Arguments.of(
            new Case<Tweet.Event>(
                "tweet deleted",
                Topics::tweets,
                PublicEvents::of,
                "Tweet|901",
                new Tweet.Deleted(tweet, AT.plusSeconds(1)))),
        Arguments.of(
            new Case<Relationship.Event>(
                "follow started",
                Topics::relationships,
                PublicEvents::of,
                "Relationship|" + Relationship.entityId(11, 12),
                new Relationship.FollowStarted(12, 11, 1, AT))),
        Arguments.of(
            new Case<Engagement.Event>(
                "tweet liked",
                Topics::engagement,
                PublicEvents::of,
                "Engagement|" + Engagement.entityId(12, 901),
                new Engagement.Liked(12, 901, 1, AT))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneEventOfEachAggregate")
  <E> void aRedeliveredEventReachesTheTopicAsTheSameRecord(Case<E> c) throws Exception {
    String topic = c.topic().apply(topics);
    var handler =
        new PublishHandler<E>(
            () -> CompletableFuture.completedFuture(Done.getInstance()),
            producer,
            topic,
            c.toPublic());
    long sequenceNr = 7;
    var envelope =
        EventEnvelope.create(
            Offset.sequence(sequenceNr),
            c.persistenceId(),
            sequenceNr,
            c.event(),
            AT.toEpochMilli());
    var before = endOffsets(topic);

    handler.process(envelope).toCompletableFuture().join();
    handler.process(envelope).toCompletableFuture().join();

    var records = read(topic, before, 2);
    assertEquals(2, records.size(), () -> c + ": " + records);
    var first = records.get(0);
    var second = records.get(1);
    assertEquals(first.key(), second.key());
    assertEquals(first.value(), second.value());
    assertEquals(
        c.persistenceId() + "#" + sequenceNr,
        JSON.readTree(first.value()).get("event_id").asText());
  }

  private static KafkaConsumer<String, String> consumer() {
    var properties = new Properties();
    properties.putAll(topics.clientProperties());
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(properties);
  }

  /** Where each partition of the topic ends now. */
  private static Map<TopicPartition, Long> endOffsets(String topic) {
    try (var consumer = consumer()) {
      return consumer.endOffsets(partitions(consumer, topic));
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** The records written after {@code from}, once {@code count} of them arrived. */
  private static List<ConsumerRecord<String, String>> read(
      String topic, Map<TopicPartition, Long> from, int count) {
    var records = new ArrayList<ConsumerRecord<String, String>>();
    try (var consumer = consumer()) {
      consumer.assign(partitions(consumer, topic));
      from.forEach(consumer::seek);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
