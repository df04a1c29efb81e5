package dev.starling.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The search consumer reads the tweets topic at least once: after a restart it replays from the
 * positions committed with the index, so a post and its delete arrive again, in their topic order
 * (one key, one partition). Through the consumer's own indexing path, every such replay leaves the
 * tweet indexed once while it lives and never once it was deleted, with exact hashtag counts. A
 * post that arrives after its delete (the tail of a replay cut short, or a delete replayed ahead of
 * a redelivered post) never brings the tweet back, not even after the index was closed and opened
 * again in between.
 */
class SearchRedeliveryTest {
  private static final String TOPIC = "redelivery.tweets";

  @TempDir Path folder;
  private LuceneSearchIndex index;
  private long offset;

  @BeforeEach
  void open() {
    index = LuceneSearchIndex.open(folder, TextLanguage.ENGLISH, Duration.ofSeconds(60));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private static String posted(long id) {
    return """
    {"type":"tweet.posted","version":1,"event_id":"Tweet|%d#1",
     "occurred_at":"2026-11-30T12:00:00.000Z",
     "tweet":{"id":"%d","author_id":"7","text":"twice told #again","visibility":"public",
      "reply_to_id":null,"quote_of_id":null,"retweet_of_id":null,
      "hashtags":["again"],"mentions":[],"urls":[],"place":null,
      "created_at":"2026-11-30T12:00:00.000Z"}}\
    """
        .formatted(id, id);
  }

  private static String deleted(long id) {
    return """
    {"type":"tweet.deleted","version":1,"event_id":"Tweet|%d#2",
     "occurred_at":"2026-11-30T12:00:01.000Z","tweet_id":"%d","author_id":"7",
     "deleted_at":"2026-11-30T12:00:01.000Z"}\
    """
        .formatted(id, id);
  }

  /**
   * What the topic holds for one tweet after publisher and consumer restarts: each a prefix of the
   * journal order sent again, then the rest.
   */
  static List<List<String>> topicHistories() {
    return List.of(
        List.of("posted", "posted"),
        List.of("posted", "posted", "posted"),
        List.of("posted", "deleted", "posted", "deleted"),
        List.of("posted", "posted", "deleted", "deleted"),
        List.of("posted", "deleted", "deleted"),
        List.of("posted", "deleted", "posted"),
        List.of("deleted", "posted"),
        List.of("posted", "deleted", "posted", "deleted", "posted"));
  }

  private ConsumerRecord<String, String> record(long tweetId, String type) {
    String value = type.equals("posted") ? posted(tweetId) : deleted(tweetId);
    return new ConsumerRecord<>(TOPIC, 0, offset++, Long.toString(tweetId), value);
  }

  private List<Long> found() {
    index.refresh();
    return index.tweets(
        TweetCriteria.of(SearchTermsParser.parse("told"), List.of()), Long.MAX_VALUE, 10);
  }

  private long tagCount() {
    return index.hashtags("again", 1).stream().mapToLong(HashtagCount::tweetCount).sum();
  }

  @ParameterizedTest
  @MethodSource("topicHistories")
  void replayedRecordByRecordATweetIsFoundOnceWhileItLivesAndNeverAfterItsDelete(
      List<String> history) {
    // two tweets, so an added document's id is sometimes below the newest one in the index
    for (long tweetId : List.of(42L, 41L)) {
      for (String type : history) {
        RecordIndexer.apply(index, List.of(record(tweetId, type)));
      }
    }
    assertFound(history);
  }

  @ParameterizedTest
  @MethodSource("topicHistories")
  void replayedInOneBatchATweetIsFoundOnceWhileItLivesAndNeverAfterItsDelete(List<String> history) {
    var batch = new ArrayList<ConsumerRecord<String, String>>();
    for (long tweetId : List.of(42L, 41L)) {
      history.forEach(type -> batch.add(record(tweetId, type)));
    }
    RecordIndexer.apply(index, batch);
    assertFound(history);
  }

  @ParameterizedTest
  @MethodSource("topicHistories")
  void aDeleteAppliedBeforeARestartStillHoldsAgainstPostsAfterIt(List<String> history) {
    int cut = history.indexOf("deleted") + 1;
    for (long tweetId : List.of(42L, 41L)) {
      history
          .subList(0, cut)
          .forEach(type -> RecordIndexer.apply(index, List.of(record(tweetId, type))));
    }
    index.close();
    index = LuceneSearchIndex.open(folder, TextLanguage.ENGLISH, Duration.ofSeconds(60));
    for (long tweetId : List.of(42L, 41L)) {
      history
          .subList(cut, history.size())
          .forEach(type -> RecordIndexer.apply(index, List.of(record(tweetId, type))));
    }
    assertFound(history);
  }

  private void assertFound(List<String> history) {
    boolean gone = history.contains("deleted");
    assertEquals(gone ? List.of() : List.of(42L, 41L), found(), history::toString);
    assertEquals(gone ? 0 : 2, tagCount(), history::toString);
    assertEquals(Map.of(new TopicPartition(TOPIC, 0), offset), index.positions());
  }
}
