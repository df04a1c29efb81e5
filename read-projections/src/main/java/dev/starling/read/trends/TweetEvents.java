package dev.starling.read.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.read.visibility.VisibilityPolicy;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Reads the values of the public {@code tweets} topic (docs/events.md). Unknown types and unknown
 * fields are ignored, as the schema's compatibility rules ask.
 */
final class TweetEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TweetEvents() {}

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
              new TweetEvent.Posted(
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
        return Optional.of(
            new TweetEvent.Deleted(id(event, "tweet_id"), time(event, "deleted_at")));
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
