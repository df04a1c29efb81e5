package dev.starling.read.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.engagement.Engagement;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The public event schema ({@code docs/events.md}) and the one place that knows both it and the
 * internal events: what each internal event becomes on the stream, and what never leaves (password
 * hashes, abandoned sign-ups, mutes, which are private to the muter). Internal events may change
 * shape freely; the public ones change only as {@code docs/events.md} allows.
 */
public final class PublicEvents {
  /** Every public type is at this version; a breaking change to one bumps its own. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private PublicEvents() {}

  /** One record of the stream: its key (the aggregate id the schema names) and its JSON value. */
  public record PublicEvent(String key, String value) {}

  /** Where an internal event was journaled: the public event's identity and time come from it. */
  public record Origin(String persistenceId, long sequenceNr, Instant timestamp) {
    String eventId() {
      return persistenceId + "#" + sequenceNr;
    }
  }

  /**
   * For the {@code users} topic; only activation is public (a pending sign-up is not an account).
   */
  public static Optional<PublicEvent> of(User.Event event, Origin origin) {
    if (event instanceof User.Activated activated) {
      Profile profile = activated.profile();
      var value = envelope("user.registered", origin);
      var user = value.putObject("user");
      user.put("id", id(profile.userId()));
      user.put("handle", profile.handle());
      user.put("display_name", profile.displayName());
      user.put("bio", profile.bio());
      user.put("location", profile.location());
      user.put("created_at", time(profile.createdAt()));
      return publish(id(profile.userId()), value);
    }
    if (event instanceof User.Registered
        || event instanceof User.Abandoned
        || event instanceof User.PasswordRehashed) {
      // Registered and PasswordRehashed carry the password hash; Abandoned ends a sign-up that
      // never became an account.
      return Optional.empty();
    }
    throw unknown(event);
  }

  /** For the {@code tweets} topic, keyed by tweet id. */
  public static Optional<PublicEvent> of(Tweet.Event event, Origin origin) {
    if (event instanceof Tweet.Posted posted) {
      TweetData tweet = posted.tweet();
      var value = envelope("tweet.posted", origin);
      var body = value.putObject("tweet");
      body.put("id", id(tweet.tweetId()));
      body.put("author_id", id(tweet.authorId()));
      body.put("text", tweet.text());
      body.put("visibility", tweet.visibility().wireName());
      body.put("reply_to_id", optionalId(tweet.replyToId()));
      body.put("quote_of_id", optionalId(tweet.quoteOfId()));
      body.put("retweet_of_id", optionalId(tweet.retweetOfId()));
      strings(body, "hashtags", tweet.hashtags());
      strings(body, "mentions", tweet.mentions());
      strings(body, "urls", tweet.urls());
      body.put("place", tweet.place());
      body.put("created_at", time(tweet.createdAt()));
      var media = body.putArray("media");
      tweet
          .media()
          .forEach(
              m ->
                  media
                      .addObject()
                      .put("id", id(m.mediaId()))
                      .put("content_type", m.contentType())
                      .put("key", m.key()));
      return publish(id(tweet.tweetId()), value);
    }
    if (event instanceof Tweet.Deleted deleted) {
      var value = envelope("tweet.deleted", origin);
      value.put("tweet_id", id(deleted.tweet().tweetId()));
      value.put("author_id", id(deleted.tweet().authorId()));
      value.put("deleted_at", time(deleted.at()));
      return publish(id(deleted.tweet().tweetId()), value);
    }
    throw unknown(event);
  }

  /** For the {@code relationships} topic, keyed by the pair; mutes stay private to the muter. */
  public static Optional<PublicEvent> of(Relationship.Event event, Origin origin) {
    if (event instanceof Relationship.FollowStarted e) {
      return follow("follow.started", e.followerId(), e.followeeId(), origin);
    }
    if (event instanceof Relationship.FollowEnded e) {
      return follow("follow.ended", e.followerId(), e.followeeId(), origin);
    }
    if (event instanceof Relationship.Blocked e) {
      return block("block.started", e.blockerId(), e.blockedId(), origin);
    }
    if (event instanceof Relationship.Unblocked e) {
      return block("block.ended", e.blockerId(), e.blockedId(), origin);
    }
    if (event instanceof Relationship.Muted || event instanceof Relationship.Unmuted) {
      return Optional.empty();
    }
    throw unknown(event);
  }

  /** For the {@code engagement} topic, keyed by the tweet engaged with. */
  public static Optional<PublicEvent> of(Engagement.Event event, Origin origin) {
    if (event instanceof Engagement.Liked) {
      return publish(id(event.tweetId()), engagement("like.added", event, origin));
    }
    if (event instanceof Engagement.Unliked) {
      return publish(id(event.tweetId()), engagement("like.removed", event, origin));
    }
    if (event instanceof Engagement.Retweeted e) {
      var value = engagement("retweet.added", event, origin);
      value.put("retweet_id", id(e.retweetId()));
      return publish(id(event.tweetId()), value);
    }
    if (event instanceof Engagement.RetweetUndone e) {
      var value = engagement("retweet.removed", event, origin);
      value.put("retweet_id", id(e.retweetId()));
      return publish(id(event.tweetId()), value);
    }
    throw unknown(event);
  }

  private static Optional<PublicEvent> follow(
      String type, long followerId, long followeeId, Origin origin) {
    var value = envelope(type, origin);
    value.put("follower_id", id(followerId));
    value.put("followee_id", id(followeeId));
    return publish(Relationship.entityId(followerId, followeeId), value);
  }

  private static Optional<PublicEvent> block(
      String type, long blockerId, long blockedId, Origin origin) {
    var value = envelope(type, origin);
    value.put("blocker_id", id(blockerId));
    value.put("blocked_id", id(blockedId));
    return publish(Relationship.entityId(blockerId, blockedId), value);
  }

  private static ObjectNode engagement(String type, Engagement.Event event, Origin origin) {
    var value = envelope(type, origin);
    value.put("user_id", id(event.userId()));
    value.put("tweet_id", id(event.tweetId()));
    return value;
  }

  private static ObjectNode envelope(String type, Origin origin) {
    var value = JSON.createObjectNode();
    value.put("type", type);
    value.put("version", VERSION);
    value.put("event_id", origin.eventId());
    value.put("occurred_at", time(origin.timestamp()));
    return value;
  }

  private static Optional<PublicEvent> publish(String key, ObjectNode value) {
    try {
      return Optional.of(new PublicEvent(key, JSON.writeValueAsString(value)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a public event could not be written as JSON", e);
    }
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    var array = node.putArray(field);
    values.forEach(array::add);
  }

  private static String id(long id) {
    return Long.toString(id);
  }

  private static String optionalId(Long id) {
    return id == null ? null : Long.toString(id);
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static IllegalArgumentException unknown(Object event) {
    return new IllegalArgumentException("no public mapping for " + event.getClass().getName());
  }
}
