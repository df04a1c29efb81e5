package dev.starling.tweet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.testing.AggregateTestKit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TweetTest {
  private static final ActorTestKit testKit = AggregateTestKit.create();
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");
  private EventSourcedBehaviorTestKit<Tweet.Command, Tweet.Event, Tweet.State> tweet;

  @BeforeEach
  void setUp() {
    tweet =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Tweet.create("1001", "tweet-1", RetentionCriteria.snapshotEvery(1, 1)));
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          Tweet.Command, Tweet.Event, Tweet.State, Outcome<TweetData>>
      post(long author, String text) {
    return tweet.runCommand(
        r -> new Tweet.Post(author, text, Visibility.PUBLIC, null, null, null, NOW, r));
  }

  @Test
  void postingExtractsHashtagsMentionsAndUrlsIntoTheEvent() {
    var result = post(7L, "Hello @Bob and @carol #Pekko #pekko see https://pekko.apache.org");
    var posted = assertInstanceOf(Tweet.Posted.class, result.event()).tweet();
    assertEquals(1001L, posted.tweetId());
    assertEquals(List.of("pekko"), posted.hashtags());
    assertEquals(List.of("bob", "carol"), posted.mentions());
    assertEquals(List.of("https://pekko.apache.org"), posted.urls());
    assertEquals(Outcome.accepted(posted), result.reply());
  }

  @Test
  void postingTheSameIdAgainAnswersTheFirstTweetWithoutANewEvent() {
    var first = post(7L, "once");
    var second = post(7L, "once, retried");
    assertTrue(second.hasNoEvents());
    assertEquals(first.reply(), second.reply());
  }

  @Test
  void recoveryReplaysTheEventsWithoutReadingASnapshot() {
    var posted = assertInstanceOf(Tweet.Posted.class, post(7L, "from the events").event()).tweet();
    // a snapshot that disagrees with the events (the testkit snapshots after every event): a
    // recovery that read it would come back empty
    tweet
        .snapshotTestKit()
        .orElseThrow()
        .persistForRecovery(
            "Tweet|1001",
            List.of(
                Pair.<SnapshotMeta, Object>create(
                    SnapshotMeta.create(1L), new Tweet.State(null, false))));

    tweet.restart();

    assertEquals(new Tweet.State(posted, false), tweet.getState());
  }

  @Test
  void anotherAuthorCannotReuseATweetId() {
    post(7L, "mine");
    var result = post(8L, "yours?");
    assertTrue(result.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply());
    assertEquals(Rejection.Kind.CONFLICT, rejected.rejection().kind());
  }

  @Test
  void emptyTextIsRejected() {
    var result = post(7L, "   ");
    assertTrue(result.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply());
    assertEquals(Rejection.Kind.INVALID, rejected.rejection().kind());
  }

  @Test
  void textOverTheWeightedLimitIsRejected() {
    var result = post(7L, "a".repeat(281));
    assertTrue(result.hasNoEvents());
    assertInstanceOf(Outcome.Rejected.class, result.reply());
  }

  @Test
  void aShortTweetOfLongUrlsIsRejectedByItsSize() {
    String longUrl = "https://example.com/" + "a/".repeat(600);
    String text = "see " + longUrl + " and " + longUrl + " and " + longUrl + " and " + longUrl;
    var weight = TweetText.parse(text).weightedLength();
    assertTrue(weight <= TweetText.MAX_WEIGHTED_LENGTH, () -> "weight " + weight);
    var result = post(7L, text);
    assertTrue(result.hasNoEvents());
    var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply());
    assertEquals(Rejection.Kind.INVALID, rejected.rejection().kind());
    assertTrue(rejected.rejection().message().contains("bytes"), rejected.rejection().message());
  }

  @Test
  void twoHundredEightyCharactersOfAnyScriptFitTheSizeLimit() {
    assertInstanceOf(Tweet.Posted.class, post(7L, "👍".repeat(140)).event());
  }

  @Test
  void recoveredTweetEqualsThePostedOne() {
    var posted = post(7L, "durable").state();
    assertEquals(posted, tweet.restart().state());
    assertEquals(
        Optional.of(posted.tweet()), tweet.<Optional<TweetData>>runCommand(Tweet.Get::new).reply());
  }

  @Test
  void onlyTheAuthorCanDeleteAndADeletedTweetIsGone() {
    post(7L, "soon gone");
    var byOther = tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(8L, NOW, r));
    assertTrue(byOther.hasNoEvents());
    assertEquals(
        Rejection.Kind.FORBIDDEN,
        assertInstanceOf(Outcome.Rejected.class, byOther.reply()).rejection().kind());

    var deleted = tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(7L, NOW, r));
    var event = assertInstanceOf(Tweet.Deleted.class, deleted.event());
    assertEquals("soon gone", event.tweet().text());
    assertEquals(Optional.empty(), tweet.<Optional<TweetData>>runCommand(Tweet.Get::new).reply());
  }

  @Test
  void aDeletedTweetCanNeitherBeDeletedAgainNorRepostedAfterRecovery() {
    post(7L, "soon gone");
    tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(7L, NOW, r));
    tweet.restart();
    var again = tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(7L, NOW, r));
    assertTrue(again.hasNoEvents());
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(Outcome.Rejected.class, again.reply()).rejection().kind());
    var reposted = post(7L, "back?");
    assertTrue(reposted.hasNoEvents());
    assertInstanceOf(Outcome.Rejected.class, reposted.reply());
  }

  @Test
  void deletingAnUnknownTweetIsNotFound() {
    var result = tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(7L, NOW, r));
    assertTrue(result.hasNoEvents());
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(Outcome.Rejected.class, result.reply()).rejection().kind());
  }

  @Test
  void aRetweetIsATweetWithoutTextPointingAtTheOriginal() {
    var result =
        tweet.<Outcome<Tweet.RetweetPosted>>runCommand(r -> new Tweet.PostRetweet(7L, 42L, NOW, r));
    var posted = assertInstanceOf(Tweet.Posted.class, result.event()).tweet();
    assertTrue(posted.isRetweet());
    assertEquals(42L, posted.retweetOfId());
    assertEquals("", posted.text());
    assertEquals(Outcome.accepted(new Tweet.RetweetPosted(posted, false)), result.reply());
    var again =
        tweet.<Outcome<Tweet.RetweetPosted>>runCommand(r -> new Tweet.PostRetweet(7L, 42L, NOW, r));
    assertTrue(again.hasNoEvents());
    assertEquals(result.reply(), again.reply());
  }

  @Test
  void aRetweetSentAgainAfterItsDeleteAnswersItDeletedAndStaysDeleted() {
    var result =
        tweet.<Outcome<Tweet.RetweetPosted>>runCommand(r -> new Tweet.PostRetweet(7L, 42L, NOW, r));
    var posted = assertInstanceOf(Tweet.Posted.class, result.event()).tweet();
    tweet.<Outcome<TweetData>>runCommand(r -> new Tweet.Delete(7L, NOW, r));
    var late =
        tweet.<Outcome<Tweet.RetweetPosted>>runCommand(r -> new Tweet.PostRetweet(7L, 42L, NOW, r));
    assertTrue(late.hasNoEvents());
    assertEquals(Outcome.accepted(new Tweet.RetweetPosted(posted, true)), late.reply());
    assertTrue(late.state().deleted());
    var stranger =
        tweet.<Outcome<Tweet.RetweetPosted>>runCommand(r -> new Tweet.PostRetweet(8L, 42L, NOW, r));
    assertEquals(
        Rejection.Kind.CONFLICT,
        assertInstanceOf(Outcome.Rejected.class, stranger.reply()).rejection().kind());
  }

  @Test
  void replyQuoteAndPlaceAreKeptInTheEvent() {
    var result =
        tweet.<Outcome<TweetData>>runCommand(
            r -> new Tweet.Post(7L, "re", Visibility.FOLLOWERS, 5L, 6L, "DE", NOW, r));
    var posted = assertInstanceOf(Tweet.Posted.class, result.event()).tweet();
    assertEquals(5L, posted.replyToId());
    assertEquals(6L, posted.quoteOfId());
    assertEquals(Visibility.FOLLOWERS, posted.visibility());
    assertEquals("DE", posted.place());
  }

  @Test
  void postedEventsJournaledBeforePlaceExistedReadWithoutOne() throws Exception {
    var posted = assertInstanceOf(Tweet.Posted.class, post(7L, "old #news").event());
    var serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    var serializer = (SerializerWithStringManifest) serialization.findSerializerFor(posted);
    var cbor = new CBORMapper();
    var tree = (ObjectNode) cbor.readTree(serializer.toBinary(posted));
    ((ObjectNode) tree.get("tweet")).remove("place");
    byte[] journaledBefore = cbor.writeValueAsBytes(tree);

    var read =
        (Tweet.Posted)
            serialization
                .deserialize(journaledBefore, serializer.identifier(), serializer.manifest(posted))
                .get();

    assertNull(read.tweet().place());
    assertEquals(posted.tweet(), read.tweet());
  }
}
