package dev.starling.read.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.engagement.Engagement;
import dev.starling.read.stream.PublicEvents.Origin;
import dev.starling.read.stream.PublicEvents.PublicEvent;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.TweetMedia;
import dev.starling.tweet.Visibility;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00.120Z");
  private static final Origin ORIGIN =
      new Origin("Tweet|42", 3, Instant.parse("2026-11-30T12:00:01Z"));

  private static JsonNode json(Optional<PublicEvent> event) {
    assertTrue(event.isPresent(), "expected a public event");
    try {
      return JSON.readTree(event.get().value());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertEnvelope(String type, JsonNode value) {
    assertEquals(type, value.get("type").asText());
    assertEquals(1, value.get("version").asInt());
    assertEquals("Tweet|42#3", value.get("event_id").asText());
    assertEquals("2026-11-30T12:00:01.000Z", value.get("occurred_at").asText());
  }

  private static TweetData tweet(Visibility visibility, String place) {
    return new TweetData(
        42L,
        7L,
        "hello #Java @bob https://x.dev",
        visibility,
        40L,
        null,
        null,
        List.of("Java"),
        List.of("bob"),
        List.of("https://x.dev"),
        AT,
        place);
  }

  @Test
  void postedTweetCarriesItsWholePublicShape() {
    var event = PublicEvents.of(new Tweet.Posted(tweet(Visibility.FOLLOWERS, "US")), ORIGIN);
    assertEquals("42", event.orElseThrow().key());
    var value = json(event);
    assertEnvelope("tweet.posted", value);
    var tweet = value.get("tweet");
    assertEquals("42", tweet.get("id").asText());
    assertEquals("7", tweet.get("author_id").asText());
    assertEquals("hello #Java @bob https://x.dev", tweet.get("text").asText());
    assertEquals("followers", tweet.get("visibility").asText());
    assertEquals("40", tweet.get("reply_to_id").asText());
    assertTrue(tweet.get("quote_of_id").isNull());
    assertTrue(tweet.get("retweet_of_id").isNull());
    assertEquals("Java", tweet.get("hashtags").get(0).asText());
    assertEquals("bob", tweet.get("mentions").get(0).asText());
    assertEquals("https://x.dev", tweet.get("urls").get(0).asText());
    assertEquals("US", tweet.get("place").asText());
    assertEquals("2026-11-30T12:00:00.120Z", tweet.get("created_at").asText());
  }

  @Test
  void postedTweetListsItsMediaInOrderAndAnEmptyListWithoutAny() {
    var plain = tweet(Visibility.PUBLIC, null);
    var key = "ab".repeat(32);
    var withMedia =
        new TweetData(
            plain.tweetId(),
            plain.authorId(),
            "",
            plain.visibility(),
            null,
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            AT,
            null,
            List.of(
                new TweetMedia(9001L, "image/webp", key), new TweetMedia(9002L, "video/mp4", key)));
    var media =
        json(PublicEvents.of(new Tweet.Posted(withMedia), ORIGIN)).get("tweet").get("media");
    assertEquals(2, media.size());
    assertEquals("9001", media.get(0).get("id").asText());
    assertEquals("image/webp", media.get(0).get("content_type").asText());
    assertEquals(key, media.get(0).get("key").asText());
    assertEquals("video/mp4", media.get(1).get("content_type").asText());
    var none = json(PublicEvents.of(new Tweet.Posted(plain), ORIGIN)).get("tweet").get("media");
    assertTrue(none.isArray() && none.isEmpty());
  }

  @Test
  void tweetWithoutPlaceSaysNull() {
    var value = json(PublicEvents.of(new Tweet.Posted(tweet(Visibility.PUBLIC, null)), ORIGIN));
    assertTrue(value.get("tweet").get("place").isNull());
    assertEquals("public", value.get("tweet").get("visibility").asText());
  }

  @Test
  void deletedTweetNamesTweetAuthorAndTime() {
    var event =
        PublicEvents.of(
            new Tweet.Deleted(tweet(Visibility.PUBLIC, null), AT.plusSeconds(60)), ORIGIN);
    assertEquals("42", event.orElseThrow().key());
    var value = json(event);
    assertEnvelope("tweet.deleted", value);
    assertEquals("42", value.get("tweet_id").asText());
    assertEquals("7", value.get("author_id").asText());
    assertEquals("2026-11-30T12:01:00.120Z", value.get("deleted_at").asText());
    assertFalse(value.has("tweet"), "a deleted tweet's content does not go out again");
  }

  @Test
  void activatedAccountIsPublishedWithoutAnySecret() {
    var profile = new Profile(9L, "alice", "Alice", "bio", "DE", AT);
    assertTrue(PublicEvents.of(new User.Registered(profile, "$argon2id$secret"), ORIGIN).isEmpty());
    assertTrue(PublicEvents.of(new User.Abandoned(9L), ORIGIN).isEmpty());
    assertTrue(
        PublicEvents.of(new User.PasswordRehashed(9L, "$argon2id$secret"), ORIGIN).isEmpty());
    var event = PublicEvents.of(new User.Activated(profile), ORIGIN);
    assertEquals("9", event.orElseThrow().key());
    var value = json(event);
    assertEnvelope("user.registered", value);
    var user = value.get("user");
    assertEquals("9", user.get("id").asText());
    assertEquals("alice", user.get("handle").asText());
    assertEquals("Alice", user.get("display_name").asText());
    assertEquals("bio", user.get("bio").asText());
    assertEquals("DE", user.get("location").asText());
    assertEquals("2026-11-30T12:00:00.120Z", user.get("created_at").asText());
    assertFalse(event.get().value().contains("argon2"));
    assertFalse(event.get().value().contains("password"));
  }

  @Test
  void followsAndBlocksAreKeyedByThePair() {
    var follow = PublicEvents.of(new Relationship.FollowStarted(20L, 10L, 1, AT), ORIGIN);
    assertEquals(Relationship.entityId(10L, 20L), follow.orElseThrow().key());
    var started = json(follow);
    assertEnvelope("follow.started", started);
    assertEquals("20", started.get("follower_id").asText());
    assertEquals("10", started.get("followee_id").asText());
    assertEnvelope(
        "follow.ended",
        json(PublicEvents.of(new Relationship.FollowEnded(20L, 10L, 2, AT), ORIGIN)));
    var block = json(PublicEvents.of(new Relationship.Blocked(10L, 20L, 3, AT), ORIGIN));
    assertEnvelope("block.started", block);
    assertEquals("10", block.get("blocker_id").asText());
    assertEquals("20", block.get("blocked_id").asText());
    var unblock = PublicEvents.of(new Relationship.Unblocked(10L, 20L, 4, AT), ORIGIN);
    assertEquals(Relationship.entityId(10L, 20L), unblock.orElseThrow().key());
    assertEnvelope("block.ended", json(unblock));
  }

  @Test
  void mutesArePrivateToTheMuter() {
    assertTrue(PublicEvents.of(new Relationship.Muted(10L, 20L, 5, AT), ORIGIN).isEmpty());
    assertTrue(PublicEvents.of(new Relationship.Unmuted(10L, 20L, 6, AT), ORIGIN).isEmpty());
  }

  @Test
  void engagementIsKeyedByTheTweet() {
    var like = PublicEvents.of(new Engagement.Liked(5L, 42L, 1, AT), ORIGIN);
    assertEquals("42", like.orElseThrow().key());
    var added = json(like);
    assertEnvelope("like.added", added);
    assertEquals("5", added.get("user_id").asText());
    assertEquals("42", added.get("tweet_id").asText());
    assertFalse(added.has("retweet_id"));
    assertEnvelope(
        "like.removed", json(PublicEvents.of(new Engagement.Unliked(5L, 42L, 2, AT), ORIGIN)));
    var retweet = json(PublicEvents.of(new Engagement.Retweeted(5L, 42L, 77L, 3, AT), ORIGIN));
    assertEnvelope("retweet.added", retweet);
    assertEquals("77", retweet.get("retweet_id").asText());
    var undone = PublicEvents.of(new Engagement.RetweetUndone(5L, 42L, 77L, 4, AT), ORIGIN);
    assertEquals("42", undone.orElseThrow().key());
    assertEnvelope("retweet.removed", json(undone));
    assertEquals("77", json(undone).get("retweet_id").asText());
  }
}
