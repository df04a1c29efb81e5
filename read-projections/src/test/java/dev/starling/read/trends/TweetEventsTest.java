package dev.starling.read.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TweetEventsTest {
  private static final String POSTED =
      """
      {"type":"tweet.posted","version":1,"event_id":"Tweet|7#1","occurred_at":"2026-11-30T12:00:00.000Z",
       "tweet":{"id":"7","author_id":"3","text":"#a #b","visibility":"%s","reply_to_id":null,
        "quote_of_id":null,"retweet_of_id":null,"hashtags":["a","B"],"mentions":[],"urls":[],
        "place":%s,"created_at":"2026-11-30T12:00:00.000Z","added_later":[1,2]},"also_later":true}
      """;

  @Test
  void postCarriesWhatTrendsNeed() {
    var event = TweetEvents.parse(POSTED.formatted("public", "\"US\""));

    assertEquals(
        Optional.of(
            new TweetEvent.Posted(
                7, 3, Instant.parse("2026-11-30T12:00:00Z"), List.of("a", "B"), "US", true)),
        event);
  }

  @Test
  void followersOnlyPostIsNotForEveryoneAndPlaceMayBeNull() {
    var event = (TweetEvent.Posted) TweetEvents.parse(POSTED.formatted("followers", "null")).get();

    assertEquals(false, event.forEveryone());
    assertEquals(null, event.place());
  }

  @Test
  void deleteCarriesTheTweetAndWhen() {
    var event =
        TweetEvents.parse(
            """
            {"type":"tweet.deleted","version":1,"event_id":"Tweet|7#2",
             "occurred_at":"2026-11-30T12:01:00.000Z","tweet_id":"7","author_id":"3",
             "deleted_at":"2026-11-30T12:01:00.000Z"}
            """);

    assertEquals(
        Optional.of(new TweetEvent.Deleted(7, Instant.parse("2026-11-30T12:01:00Z"))), event);
  }

  @Test
  void otherTypesAreIgnored() {
    assertEquals(Optional.empty(), TweetEvents.parse("{\"type\":\"tweet.edited\",\"version\":1}"));
  }

  @Test
  void valuesThatAreNotEventsAreRejected() {
    for (String value :
        List.of(
            "not json",
            "[1]",
            "{\"type\":\"tweet.posted\",\"version\":1}",
            "{\"type\":\"tweet.deleted\",\"tweet_id\":\"x\",\"deleted_at\":\"now\"}")) {
      assertThrows(IllegalArgumentException.class, () -> TweetEvents.parse(value), value);
    }
  }
}
