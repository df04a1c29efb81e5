package dev.starling.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.starling.read.search.IndexChange.TweetDocument;
import dev.starling.read.search.IndexChange.TweetRemoval;
import dev.starling.read.search.IndexChange.UserDocument;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexChangesTest {

  static String posted(long id, long author, String text, String retweetOf) {
    return """
    {"type":"tweet.posted","version":1,"event_id":"Tweet|%d#1",
     "occurred_at":"2026-11-30T12:00:00.000Z","new_field":{"x":1},
     "tweet":{"id":"%d","author_id":"%d","text":"%s","visibility":"followers",
      "reply_to_id":null,"quote_of_id":null,"retweet_of_id":%s,
      "hashtags":["Java"],"mentions":["ada"],"urls":[],"place":null,
      "created_at":"2026-11-30T12:00:00.000Z"}}\
    """
        .formatted(id, id, author, text, retweetOf == null ? "null" : "\"" + retweetOf + "\"");
  }

  @Test
  void aPostedTweetBecomesADocument() {
    assertEquals(
        Optional.of(new TweetDocument(5, 9, "hello", "followers", List.of("Java"), List.of("ada"))),
        IndexChanges.of(posted(5, 9, "hello", null)));
  }

  @Test
  void aRetweetIsNotIndexed() {
    assertEquals(Optional.empty(), IndexChanges.of(posted(6, 9, "", "5")));
  }

  @Test
  void deletionsAndRegistrations() {
    assertEquals(
        Optional.of(new TweetRemoval(5)),
        IndexChanges.of(
            """
            {"type":"tweet.deleted","version":1,"event_id":"e","occurred_at":"t",
             "tweet_id":"5","author_id":"9","deleted_at":"t"}\
            """));
    assertEquals(
        Optional.of(new UserDocument(9, "Ada", "Ada L")),
        IndexChanges.of(
            """
            {"type":"user.registered","version":1,"event_id":"e","occurred_at":"t",
             "user":{"id":"9","handle":"Ada","display_name":"Ada L","bio":"","location":null,
             "created_at":"t"}}\
            """));
  }

  @Test
  void unknownTypesAndVersionsAreIgnored() {
    assertEquals(
        Optional.empty(),
        IndexChanges.of(
            "{\"type\":\"like.added\",\"version\":1,\"user_id\":\"1\",\"tweet_id\":\"2\"}"));
    assertEquals(
        Optional.empty(), IndexChanges.of("{\"type\":\"tweet.deleted\",\"version\":2,\"x\":1}"));
    assertEquals(Optional.empty(), IndexChanges.of("{\"type\":\"tweet.edited\"}"));
  }

  @Test
  void aMalformedRecordIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> IndexChanges.of("not json"));
    assertThrows(
        IllegalArgumentException.class,
        () -> IndexChanges.of("{\"type\":\"tweet.deleted\",\"version\":1}"));
  }
}
