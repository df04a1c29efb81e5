package dev.starling.read.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.read.search.IndexChange.TweetDocument;
import dev.starling.read.search.IndexChange.TweetRemoval;
import dev.starling.read.search.IndexChange.UserDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a public event (docs/events.md) means for the search index (the other direction from {@link
 * dev.starling.read.stream.PublicEvents}, which writes them). Only {@code tweet.posted}, {@code
 * tweet.deleted} and {@code user.registered} do anything; other types, and types or versions this
 * node does not know, are ignored (the schema's forward-compatibility rule), as are unknown fields.
 * Retweets are not indexed: search finds the original, once.
 */
public final class IndexChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexChanges() {}

  /**
   * @throws IllegalArgumentException when {@code value} is not a JSON object of the public schema
   */
  public static Optional<IndexChange> of(String value) {
    JsonNode event;
    try {
      event = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (event.path("version").asInt(0) != 1) {
      return Optional.empty();
    }
    return switch (event.path("type").asText("")) {
      case "tweet.posted" -> tweetPosted(required(event, "tweet"));
      case "tweet.deleted" -> Optional.of(new TweetRemoval(id(event, "tweet_id")));
      case "user.registered" -> {
        var user = required(event, "user");
        yield Optional.of(
            new UserDocument(
                id(user, "id"), text(user, "handle"), user.path("display_name").asText("")));
      }
      default -> Optional.empty();
    };
  }

  private static Optional<IndexChange> tweetPosted(JsonNode tweet) {
    if (!tweet.path("retweet_of_id").isNull() && !tweet.path("retweet_of_id").isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(
        new TweetDocument(
            id(tweet, "id"),
            id(tweet, "author_id"),
            tweet.path("text").asText(""),
            tweet.path("visibility").asText("public"),
            strings(tweet.path("hashtags")),
            strings(tweet.path("mentions"))));
  }

  private static JsonNode required(JsonNode node, String field) {
    var value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return required(node, field).asText();
  }

  private static long id(JsonNode node, String field) {
    try {
      return Long.parseLong(text(node, field));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not a decimal id", e);
    }
  }

  private static List<String> strings(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(item -> values.add(item.asText()));
    return values;
  }
}
