package dev.starling.node;

import static dev.starling.node.StreamReader.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.ops.testing.RealServers;
import dev.starling.ops.testing.RealServersExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the API does reaches the event stream under the public schema (docs/events.md), read back
 * with a plain Kafka consumer: keys, types, fields, per-key order, and nothing private.
 */
@ExtendWith(RealServersExtension.class)
class EventStreamTest {
  private static NodeFixture node;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node = new NodeFixture(EventStreamTest.class, NodeFixture.EVENT_STREAM);
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ApiClient.Account register(String handle, String location) {
    var created =
        api.postJson(
            "/api/v1/accounts",
            null,
            Map.of("handle", handle, "password", "password-" + handle, "location", location));
    assertEquals(201, created.status(), () -> created.raw().body());
    var token = api.token(handle, "password-" + handle);
    return new ApiClient.Account(
        created.json().get("id").asText(),
        handle,
        token.json().get("access_token").asText(),
        token.json().get("refresh_token").asText());
  }

  private static String post(ApiClient.Account author, Map<String, Object> body) {
    var posted = api.postJson("/api/v1/tweets", author.token(), body);
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  private static void call(String method, String path, ApiClient.Account caller, int status) {
    var response = api.send(method, path, caller.token(), null, null, Map.of());
    assertEquals(
        status, response.status(), () -> method + " " + path + ": " + response.raw().body());
  }

  private static List<String> typesForKey(
      List<StreamReader.Published> events, String topic, String key) {
    return events.stream()
        .filter(e -> e.topic().equals(topic) && e.key().equals(key))
        .map(StreamReader.Published::type)
        .toList();
  }

  @Test
  void everyPublicChangeIsStreamedUnderThePublicSchema() {
    var alice = register("alice_es", "DE");
    var bob = register("bob_es", "US");
    var carol = register("carol_es", "FR");
    call("POST", "/api/v1/users/" + alice.id() + "/follow", bob, 200);
    String publicId = post(alice, Map.of("text", "hello #streams", "place", "US"));
    String privateId =
        post(
            alice,
            Map.of("text", "only friends #streams", "visibility", "followers", "place", "de"));
    String replyId = post(bob, Map.of("text", "@alice_es hi", "reply_to_id", publicId));
    call("POST", "/api/v1/tweets/" + publicId + "/like", bob, 200);
    var retweet =
        api.send(
            "POST", "/api/v1/tweets/" + publicId + "/retweet", bob.token(), null, null, Map.of());
    assertEquals(201, retweet.status(), () -> retweet.raw().body());
    String retweetId = retweet.json().get("id").asText();
    call("DELETE", "/api/v1/tweets/" + privateId, alice, 204);
    call("DELETE", "/api/v1/users/" + alice.id() + "/follow", bob, 200);
    call("POST", "/api/v1/users/" + alice.id() + "/mute", carol, 200);
    call("POST", "/api/v1/users/" + bob.id() + "/block", carol, 200);

    String prefix = node.keyspace();
    String tweets = prefix + ".tweets";
    String users = prefix + ".users";
    String relationships = prefix + ".relationships";
    String engagement = prefix + ".engagement";
    var records =
        StreamReader.readUntil(
            RealServers.kafkaBootstrapServers(),
            prefix,
            Duration.ofSeconds(90),
            all ->
                ofType(all, "user.registered").size() == 3
                    && ofType(all, "tweet.posted").size() == 4
                    && ofType(all, "tweet.deleted").size() == 1
                    && ofType(all, "follow.started").size() == 1
                    && ofType(all, "follow.ended").size() == 1
                    && ofType(all, "block.started").size() == 1
                    && ofType(all, "like.added").size() == 1
                    && ofType(all, "retweet.added").size() == 1);
    var events = StreamReader.distinct(records);

    for (var event : records) {
      assertFalse(event.raw().contains("password"), event.raw());
      assertFalse(event.raw().contains("argon2"), event.raw());
      assertFalse(event.type().contains("mute"), event.raw());
      assertEquals(1, event.value().get("version").asInt());
      assertTrue(event.value().get("occurred_at").asText().matches("\\d{4}-.*T.*\\.\\d{3}Z"));
    }
    assertEquals(typesForKey(events, relationships, pair(carol, alice)), List.of());

    var registered = ofType(events, "user.registered");
    registered.forEach(e -> assertEquals(users, e.topic()));
    var aliceUser =
        registered.stream().filter(e -> e.key().equals(alice.id())).findFirst().orElseThrow();
    assertEquals("alice_es", aliceUser.value().get("user").get("handle").asText());
    assertEquals("DE", aliceUser.value().get("user").get("location").asText());
    assertTrue(aliceUser.value().get("event_id").asText().endsWith("#2"), aliceUser.raw());

    var posted = ofType(events, "tweet.posted");
    posted.forEach(e -> assertEquals(tweets, e.topic()));
    posted.forEach(e -> assertEquals(e.key(), e.value().get("tweet").get("id").asText()));
    var publicTweet = tweetPosted(posted, publicId);
    assertEquals("public", publicTweet.get("visibility").asText());
    assertEquals("US", publicTweet.get("place").asText());
    assertEquals("streams", publicTweet.get("hashtags").get(0).asText());
    assertEquals(alice.id(), publicTweet.get("author_id").asText());
    var privateTweet = tweetPosted(posted, privateId);
    assertEquals("followers", privateTweet.get("visibility").asText());
    assertEquals("DE", privateTweet.get("place").asText());
    var reply = tweetPosted(posted, replyId);
    assertEquals(publicId, reply.get("reply_to_id").asText());
    assertEquals("alice_es", reply.get("mentions").get(0).asText());
    assertTrue(reply.get("place").isNull());
    assertEquals(publicId, tweetPosted(posted, retweetId).get("retweet_of_id").asText());

    assertEquals(List.of("tweet.posted", "tweet.deleted"), typesForKey(events, tweets, privateId));
    var deleted = ofType(events, "tweet.deleted").get(0).value();
    assertEquals(privateId, deleted.get("tweet_id").asText());
    assertEquals(alice.id(), deleted.get("author_id").asText());

    assertEquals(
        List.of("follow.started", "follow.ended"),
        typesForKey(events, relationships, pair(alice, bob)));
    var follow = ofType(events, "follow.started").get(0).value();
    assertEquals(bob.id(), follow.get("follower_id").asText());
    assertEquals(alice.id(), follow.get("followee_id").asText());
    var block = ofType(events, "block.started").get(0);
    assertEquals(pair(carol, bob), block.key());
    assertEquals(carol.id(), block.value().get("blocker_id").asText());
    assertEquals(bob.id(), block.value().get("blocked_id").asText());

    var like = ofType(events, "like.added").get(0);
    assertEquals(engagement, like.topic());
    assertEquals(publicId, like.key());
    assertEquals(bob.id(), like.value().get("user_id").asText());
    var retweeted = ofType(events, "retweet.added").get(0);
    assertEquals(publicId, retweeted.key());
    assertEquals(retweetId, retweeted.value().get("retweet_id").asText());
  }

  private static JsonNode tweetPosted(List<StreamReader.Published> posted, String tweetId) {
    return posted.stream()
        .filter(e -> e.key().equals(tweetId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tweet.posted for " + tweetId))
        .value()
        .get("tweet");
  }

  private static String pair(ApiClient.Account a, ApiClient.Account b) {
    long x = Long.parseLong(a.id());
    long y = Long.parseLong(b.id());
    return Math.min(x, y) + ":" + Math.max(x, y);
  }
}
