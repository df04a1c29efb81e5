package dev.starling.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a node's event stream with a plain Kafka consumer, as any outside consumer would. */
final class StreamReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS =
      List.of("tweets", "users", "relationships", "engagement");

  private StreamReader() {}

  /** One record as a consumer sees it. */
  record Published(String topic, String key, String raw, JsonNode value) {
    String type() {
      return value.get("type").asText();
    }

    String eventId() {
      return value.get("event_id").asText();
    }
  }

  /**
   * Every record of the four topics under {@code prefix}, from the beginning, in partition order,
   * redeliveries included; reads until {@code done} holds for the events read so far (each once).
   */
  static List<Published> readUntil(
      String bootstrapServers, String prefix, Duration bound, Predicate<List<Published>> done) {
    var properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var records = new ArrayList<Published>();
    long deadline = System.nanoTime() + bound.toNanos();
    try (var consumer = new KafkaConsumer<String, String>(properties)) {
      var partitions = new ArrayList<TopicPartition>();
      while (partitions.size() < KINDS.size()) {
        partitions.clear();
        var topics = consumer.listTopics(Duration.ofSeconds(5));
        for (String kind : KINDS) {
          String topic = prefix + "." + kind;
          var infos = topics.get(topic);
          if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the topics of " + prefix + " were not created: " + partitions);
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          records.add(
              new Published(record.topic(), record.key(), record.value(), parse(record.value())));
        }
        if (done.test(distinct(records))) {
          return List.copyOf(records);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not reached within " + bound + "; read: " + distinct(records));
        }
      }
    }
  }

  /** Each event once (the first delivery), as a consumer deduping on event_id keeps them. */
  static List<Published> distinct(List<Published> records) {
    var first = new LinkedHashMap<String, Published>();
    records.forEach(record -> first.putIfAbsent(record.eventId(), record));
    return List.copyOf(first.values());
  }

  static List<Published> ofType(List<Published> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  private static JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + value, e);
    }
  }
}
