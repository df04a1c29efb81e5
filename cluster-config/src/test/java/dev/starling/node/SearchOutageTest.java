package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.ops.testing.RealServersExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search without Kafka: the node starts without it, search keeps answering (with what it has) while
 * Kafka is away, and once Kafka is back the index catches up with every tweet posted meanwhile,
 * each once. A Kafka of the class's own, so stopping it touches no other test.
 */
@ExtendWith(RealServersExtension.class)
class SearchOutageTest {
  private static final Duration CATCH_UP = Duration.ofSeconds(90);
  @TempDir static Path kafkaDir;
  private static OwnKafka kafka;
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    kafka = new OwnKafka(kafkaDir);
    node = new NodeFixture(SearchOutageTest.class, kafka.nodeSettings());
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

  private static List<String> search(ApiClient.Account reader, String word) {
    var page = api.get("/api/v1/search?limit=100&q=" + word, reader.token());
    assertEquals(200, page.status(), () -> page.raw().body());
    var ids = new ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static void awaitExactly(ApiClient.Account reader, String word, List<String> posted) {
    var found =
        Eventually.within(CATCH_UP, () -> search(reader, word), ids -> ids.size() >= posted.size());
    assertEquals(posted.size(), found.size(), "no tweet twice: " + found);
    assertEquals(new HashSet<>(posted), new HashSet<>(found));
  }

  @Test
  void searchAnswersWithoutKafkaAndCatchesUpWhenItReturns() {
    var author = api.register("author_so");
    var posted = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      posted.add(api.tweetId(author, "periwinkle before Kafka " + i));
    }
    assertEquals(List.of(), search(author, "periwinkle"));

    kafka.start();
    awaitExactly(author, "periwinkle", posted);

    kafka.stop();
    for (int i = 0; i < 5; i++) {
      posted.add(api.tweetId(author, "periwinkle during the outage " + i));
    }
    assertEquals(5, search(author, "periwinkle").size(), "the index still answers");

    kafka.start();
    awaitExactly(author, "periwinkle", posted);
  }
}
