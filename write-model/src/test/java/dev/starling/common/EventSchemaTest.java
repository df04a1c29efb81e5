package dev.starling.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.starling.engagement.Engagement;
import dev.starling.idempotency.IdempotencyKey;
import dev.starling.media.Media;
import dev.starling.media.MediaData;
import dev.starling.media.MediaObject;
import dev.starling.relationship.Relationship;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.TweetMedia;
import dev.starling.tweet.Visibility;
import dev.starling.user.Handle;
import dev.starling.user.Profile;
import dev.starling.user.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the stored form of every event: what the journal holds must stay readable for as long as the
 * journal exists (docs/event-versioning.md), so an accidental rename of a field, a class or an enum
 * constant has to fail the build, not the recovery of production entities.
 *
 * <p>Each event type has a checked-in form under {@code src/test/resources/event-schema/}: the
 * serializer's manifest and the CBOR payload shown as JSON. {@code <Aggregate>.<Event>.json} is the
 * form written today; older forms ({@code <Aggregate>.<Event>.<label>.json}) stay forever and must
 * still read as the event they were written for. To pin a new event type, or the new form after a
 * deliberate, documented change, run this test once with {@code -Dstarling.event-schema.write=true}
 * and keep the older file under a label.
 */
class EventSchemaTest {
  private static final Path FORMS = Paths.get("src/test/resources/event-schema");
  private static final boolean WRITE = Boolean.getBoolean("starling.event-schema.write");
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00.123Z");
  private static final List<Class<?>> EVENT_TYPES =
      List.of(
          User.Event.class,
          Handle.Event.class,
          Tweet.Event.class,
          Relationship.Event.class,
          Engagement.Event.class,
          IdempotencyKey.Event.class,
          NodeIds.Event.class,
          Media.Event.class,
          MediaObject.Event.class);

  private static final Map<String, Object> SAMPLES = samples();

  /** Older stored forms and the event each must read as, when not the current sample. */
  private static final Map<String, Object> OLDER_FORMS_READ_AS =
      Map.of(
          "Tweet.Posted.before-place", new Tweet.Posted(tweet(null)),
          "Tweet.Deleted.before-place", new Tweet.Deleted(tweet(null), AT.plusSeconds(5)),
          "Tweet.Posted.before-media", new Tweet.Posted(tweet("GB")),
          "Tweet.Deleted.before-media", new Tweet.Deleted(tweet("GB"), AT.plusSeconds(5)));

  private static final String KEY =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** A tweet with two media attached (the form written since media exist). */
  private static TweetData tweetWithMedia() {
    var tweet = tweet("GB");
    return new TweetData(
        tweet.tweetId(),
        tweet.authorId(),
        tweet.text(),
        tweet.visibility(),
        tweet.replyToId(),
        tweet.quoteOfId(),
        tweet.retweetOfId(),
        tweet.hashtags(),
        tweet.mentions(),
        tweet.urls(),
        tweet.createdAt(),
        tweet.place(),
        List.of(new TweetMedia(7007L, "image/png", KEY), new TweetMedia(7008L, "video/mp4", KEY)));
  }

  private static TweetData tweet(String place) {
    return new TweetData(
        3003L,
        1001L,
        "Notes on the #engine for @charles https://example.com/notes",
        Visibility.FOLLOWERS,
        2002L,
        4004L,
        5005L,
        List.of("engine"),
        List.of("charles"),
        List.of("https://example.com/notes"),
        AT,
        place);
  }

  private static final ActorSystem system = ActorSystem.create("event-schema");
  private static final Serialization serialization = SerializationExtension.get(system);
  private static final CBORMapper cbor = new CBORMapper();
  private static final ObjectMapper json =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Map<String, Object> samples() {
    var profile =
        new Profile(1001L, "ada", "Ada Lovelace", "First programmer", "GB", AT.minusSeconds(60));
    var tweet = tweetWithMedia();
    var samples = new LinkedHashMap<String, Object>();
    samples.put("User.Registered", new User.Registered(profile, "$argon2id$v=19$m=256,t=1,p=1$x"));
    samples.put("User.Activated", new User.Activated(profile));
    samples.put("User.Abandoned", new User.Abandoned(1001L));
    samples.put(
        "User.PasswordRehashed",
        new User.PasswordRehashed(1001L, "$argon2id$v=19$m=19456,t=2,p=1$y"));
    samples.put("Handle.HandleClaimed", new Handle.HandleClaimed(1001L));
    samples.put("Handle.HandleReleased", new Handle.HandleReleased(1001L));
    samples.put("Tweet.Posted", new Tweet.Posted(tweet));
    samples.put("Tweet.Deleted", new Tweet.Deleted(tweet, AT.plusSeconds(5)));
    samples.put("Relationship.FollowStarted", new Relationship.FollowStarted(1001L, 1002L, 1, AT));
    samples.put("Relationship.FollowEnded", new Relationship.FollowEnded(1001L, 1002L, 2, AT));
    samples.put("Relationship.Blocked", new Relationship.Blocked(1001L, 1002L, 3, AT));
    samples.put("Relationship.Unblocked", new Relationship.Unblocked(1001L, 1002L, 4, AT));
    samples.put("Relationship.Muted", new Relationship.Muted(1001L, 1002L, 5, AT));
    samples.put("Relationship.Unmuted", new Relationship.Unmuted(1001L, 1002L, 6, AT));
    samples.put("Engagement.Liked", new Engagement.Liked(1001L, 3003L, 1, AT));
    samples.put("Engagement.Unliked", new Engagement.Unliked(1001L, 3003L, 2, AT));
    samples.put("Engagement.Retweeted", new Engagement.Retweeted(1001L, 3003L, 6006L, 3, AT));
    samples.put(
        "Engagement.RetweetUndone", new Engagement.RetweetUndone(1001L, 3003L, 6006L, 4, AT));
    samples.put("IdempotencyKey.KeyClaimed", new IdempotencyKey.KeyClaimed(3003L, AT));
    samples.put(
        "NodeIds.Assigned", new NodeIds.Assigned("pekko://starling@10.0.0.7:25520#-4217", 7));
    samples.put("NodeIds.Released", new NodeIds.Released("pekko://starling@10.0.0.7:25520#-4217"));
    samples.put(
        "Media.Uploaded",
        new Media.Uploaded(new MediaData(7007L, 1001L, "image/png", 1234L, KEY, 640, 480, AT)));
    samples.put("Media.Attached", new Media.Attached(7007L, 3003L, AT));
    samples.put("Media.Detached", new Media.Detached(7007L, 3003L, AT));
    samples.put("Media.Released", new Media.Released(7007L, 3003L, AT));
    samples.put("Media.Purged", new Media.Purged(7007L, AT));
    samples.put("MediaObject.Held", new MediaObject.Held(7007L));
    samples.put("MediaObject.Dropped", new MediaObject.Dropped(7007L));
    samples.put("MediaObject.Deleted", new MediaObject.Deleted(KEY));
    return Map.copyOf(samples);
  }

  static Stream<String> currentForms() {
    return SAMPLES.keySet().stream().sorted();
  }

  static Stream<String> storedForms() throws IOException {
    try (var files = Files.list(FORMS)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .map(name -> name.substring(0, name.length() - ".json".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyEventTypeHasASample() {
    Set<String> declared =
        EVENT_TYPES.stream()
            .flatMap(type -> Arrays.stream(type.getPermittedSubclasses()))
            .map(EventSchemaTest::sampleName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, new TreeSet<>(SAMPLES.keySet()), "one sample per event type");
  }

  @ParameterizedTest
  @MethodSource("currentForms")
  void eventIsWrittenInItsPinnedForm(String name) throws IOException {
    ObjectNode written = storedForm(SAMPLES.get(name));
    Path file = FORMS.resolve(name + ".json");
    if (WRITE && !Files.exists(file)) {
      Files.createDirectories(FORMS);
      Files.writeString(file, json.writeValueAsString(written) + "\n");
    }
    if (!Files.exists(file)) {
      fail(
          "No pinned form for "
              + name
              + ": run EventSchemaTest with -Dstarling.event-schema.write=true to pin it");
    }
    assertEquals(
        json.readTree(file.toFile()),
        written,
        name
            + " is no longer written in its pinned form: a stored field, class or enum constant"
            + " was renamed or removed. Journals hold the old form forever; see"
            + " docs/event-versioning.md");
  }

  @ParameterizedTest
  @MethodSource("storedForms")
  void everyStoredFormStillReads(String name) throws IOException {
    JsonNode form = json.readTree(FORMS.resolve(name + ".json").toFile());
    byte[] payload = cbor.writeValueAsBytes(form.get("payload"));
    Object expected = expectedFor(name);
    int serializerId = serialization.serializerFor(expected.getClass()).identifier();
    Object read =
        serialization.deserialize(payload, serializerId, form.get("manifest").asText()).get();
    assertEquals(expected, read);
  }

  private ObjectNode storedForm(Object event) {
    try {
      byte[] bytes = serialization.serialize(event).get();
      var serializer = serialization.findSerializerFor(event);
      var form = json.createObjectNode();
      form.put("manifest", Serializers.manifestFor(serializer, event));
      form.set("payload", cbor.readTree(bytes));
      return form;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object expectedFor(String storedName) {
    if (OLDER_FORMS_READ_AS.containsKey(storedName)) {
      return OLDER_FORMS_READ_AS.get(storedName);
    }
    String[] parts = storedName.split("\\.");
    Object sample = SAMPLES.get(parts[0] + "." + parts[1]);
    if (sample == null) {
      fail("A stored form of an event type without a sample: " + storedName);
    }
    return sample;
  }

  private static String sampleName(Class<?> eventClass) {
    return eventClass.getEnclosingClass().getSimpleName() + "." + eventClass.getSimpleName();
  }
}
