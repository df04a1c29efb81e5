package dev.starling.read.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.read.visibility.VisibilityPolicy;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What trends read from the public {@code tweets} topic (docs/events.md): posts and deletes.
 * Unknown types and unknown fields are ignored, as the schema's compatibility rules ask.
 */
public sealed interface TweetEvent {
  ObjectMapper JSON = new ObjectMapper();

  /**
   * @param place the tweet's own country code, or null
   * @param forEveryone whether its audience is everyone (followers-only tweets do not trend)
   */
  record Posted(
      long tweetId,
      long authorId,
      Instant createdAt,
      List<String> hashtags,
      String place,
      boolean forEveryone)
      implements TweetEvent {}

  record Deleted(long tweetId, Instant deletedAt) implements TweetEvent {}

  /**
   * The event in a record's value; empty for types trends do not use.
   *
   * @throws IllegalArgumentException when the value is not a schema-conformant event
   */
  static Optional<TweetEvent> parse(String value) {
    JsonNode event;
    try {
      event = JSON.readTree(value);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String type = event.path("type").asText("");
    switch (type) {
      case "tweet.posted":
        {
          JsonNode tweet = required(event, "tweet");
          var hashtags = new ArrayList<String>();
          tweet.path("hashtags").forEach(tag -> hashtags.add(tag.asText()));
          JsonNode place = tweet.path("place");
          return Optional.of(
              new Posted(
                  id(tweet, "id"),
                  id(tweet, "author_id"),
                  time(tweet, "created_at"),
                  hashtags,
                  place.isTextual() ? place.asText() : null,
                  Visibility.fromWireName(required(tweet, "visibility").asText())
                      .map(VisibilityPolicy::visibleToEveryone)
                      .orElse(false)));
        }
      case "tweet.deleted":
        return Optional.of(new Deleted(id(event, "tweet_id"), time(event, "deleted_at")));
      default:
        return Optional.empty();
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }

  private static long id(JsonNode node, String field) {
    try {
      return Long.parseLong(required(node, field).asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not a decimal id", e);
    }
  }

  private static Instant time(JsonNode node, String field) {
    try {
      return Instant.parse(required(node, field).asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not an ISO-8601 instant", e);
    }
  }
}
