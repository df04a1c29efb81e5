package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka is never on the node's critical path: the node starts without it, and Kafka going away
 * takes nothing down — posting, home timelines and readiness carry on — and once Kafka is (back) up
 * every event journaled meanwhile reaches the stream, none lost. The class runs a Kafka of its own
 * (free ports, its own folder) so stopping it touches no other test.
 */
@ExtendWith(RealServersExtension.class)
class KafkaOutageTest {
  @TempDir static Path kafkaDir;
  private static OwnKafka kafka;
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    kafka = new OwnKafka(kafkaDir);
    node = new NodeFixture(KafkaOutageTest.class, kafka.nodeSettings());
    api = node.client();
  }

  @AfterAll
  static void stop() {
    try {
      node.close();
    } finally {
      kafka.stop();
    }
  }

  private static List<String> homeIds(ApiClient.Account reader) {
    var page = api.get("/api/v1/home_timeline?limit=100", reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static ApiClient.Response ready() {
    return api.get("/health/ready", null);
  }

  private static boolean kafkaReported(ApiClient.Response ready, boolean up) {
    var kafka = ready.json().path("optional_checks").path("kafka");
    return ready.status() == 200 && kafka.isBoolean() && kafka.asBoolean() == up;
  }

  private static Set<String> postedIds(List<StreamReader.Published> events) {
    return StreamReader.ofType(events, "tweet.posted").stream()
        .map(StreamReader.Published::key)
        .collect(Collectors.toSet());
  }

  @Test
  void postingAndTimelinesOutliveKafkaAndTheStreamCatchesUpWithNothingLost() {
    var author = api.register("author_ko");
    var reader = api.register("reader_ko");
    assertEquals(200, api.follow(reader, author).status());
    String before = api.tweetId(author, "before Kafka ever ran");
    Eventually.within(Eventually.BOUND, KafkaOutageTest::ready, r -> kafkaReported(r, false));

    kafka.start();
    StreamReader.readUntil(
        kafka.bootstrapServers(),
        node.keyspace(),
        Duration.ofSeconds(90),
        events -> postedIds(events).contains(before));
    Eventually.within(Eventually.BOUND, KafkaOutageTest::ready, r -> kafkaReported(r, true));

    kafka.stop();

    var during = new ArrayList<String>();
    for (int i = 0; i < 10; i++) {
      during.add(api.tweetId(author, "during the outage " + i));
    }
    var readerTimeline =
        Eventually.within(Eventually.BOUND, () -> homeIds(reader), ids -> ids.containsAll(during));
    assertTrue(readerTimeline.contains(before));
    var reported =
        Eventually.within(Eventually.BOUND, KafkaOutageTest::ready, r -> kafkaReported(r, false));
    assertEquals("ready", reported.json().get("status").asText());
    var lateFollower = api.register("late_ko");
    assertEquals(200, api.follow(lateFollower, author).status());

    kafka.start();

    var expected = new HashSet<>(during);
    expected.add(before);
    var records =
        StreamReader.readUntil(
            kafka.bootstrapServers(),
            node.keyspace(),
            Duration.ofSeconds(120),
            events ->
                postedIds(events).containsAll(expected)
                    && StreamReader.ofType(events, "follow.started").size() == 2
                    && StreamReader.ofType(events, "user.registered").size() == 3);
    var byEventId = new HashMap<String, Set<String>>();
    records.forEach(
        record ->
            byEventId.computeIfAbsent(record.eventId(), id -> new HashSet<>()).add(record.raw()));
    byEventId.forEach(
        (eventId, values) ->
            assertEquals(
                1, values.size(), () -> "a redelivery of " + eventId + " differs: " + values));
    var events = StreamReader.distinct(records);
    assertEquals(expected, postedIds(events), "every tweet once, none lost, nothing else");
    Eventually.within(Eventually.BOUND, KafkaOutageTest::ready, r -> kafkaReported(r, true));
  }
}
