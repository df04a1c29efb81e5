package dev.starling.tweet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.twitter.twittertext.Extractor;
import com.twitter.twittertext.TwitterTextParser;
import dev.starling.common.Outcome;
import dev.starling.common.Rejection;
import dev.starling.testing.AggregateTestKit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Tweet text weighing (twitter-text) against an oracle of its own: every piece a text is built of
 * has a known weight (Latin 1, CJK and Hangul 2, an emoji or a ZWJ sequence 2, a URL 23 whatever
 * its length), and the Tweet entity accepts a text exactly when the weights add up to at most 280
 * and its UTF-8 form is at most 4,096 bytes.
 */
class TweetTextPropertiesTest {
  /** A piece of text and what it weighs. */
  record Piece(String text, int weight) {
    @Override
    public String toString() {
      return text;
    }
  }

  private static final List<Piece> PLAIN =
      List.of(
          new Piece("a", 1),
          new Piece("Z", 1),
          new Piece("7", 1),
          new Piece(" ", 1),
          new Piece("é", 1),
          new Piece("—", 1),
          new Piece("你", 2),
          new Piece("語", 2),
          new Piece("한", 2),
          new Piece("か", 2),
          new Piece("👍", 2),
          new Piece("🎉", 2),
          new Piece("👨‍👩‍👧", 2),
          new Piece("🏳️‍🌈", 2));

  private static ActorTestKit testKit;

  @BeforeContainer
  static void start() {
    testKit = AggregateTestKit.create();
  }

  @AfterContainer
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Provide
  Arbitrary<Piece> piece() {
    return Arbitraries.of(PLAIN);
  }

  /** A URL between spaces: 23 for the URL, 1 for each space, whatever the URL's length. */
  @Provide
  Arbitrary<Piece> url() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .ofMinLength(0)
        .ofMaxLength(2000)
        .map(path -> new Piece(" https://example.com/" + path + " ", 25));
  }

  @Provide
  Arbitrary<List<Piece>> pieces() {
    return Arbitraries.frequencyOf(Tuple.of(40, piece()), Tuple.of(1, url()))
        .list()
        .ofMinSize(0)
        .ofMaxSize(300);
  }

  private static String text(List<Piece> pieces) {
    var text = new StringBuilder();
    pieces.forEach(piece -> text.append(piece.text()));
    return text.toString();
  }

  private static int weight(List<Piece> pieces) {
    return pieces.stream().mapToInt(Piece::weight).sum();
  }

  @Property(tries = 300)
  void aTextWeighsWhatItsPiecesWeigh(@ForAll("pieces") List<Piece> pieces) {
    // twitter-text weighs a blank text 0, and a blank text is refused anyway
    Assume.that(!text(pieces).isBlank());
    assertEquals(weight(pieces), TweetText.parse(text(pieces)).weightedLength(), text(pieces));
  }

  @Property(tries = 300)
  void weightsOfJoinedTextsAdd(
      @ForAll("pieces") List<Piece> first, @ForAll("pieces") List<Piece> second) {
    Assume.that(!text(first).isBlank() && !text(second).isBlank());
    int joined = TweetText.parse(text(first) + text(second)).weightedLength();
    assertEquals(
        TweetText.parse(text(first)).weightedLength()
            + TweetText.parse(text(second)).weightedLength(),
        joined);
  }

  @Property(tries = 300)
  void utf8SizeIsTheEncodedSize(@ForAll("pieces") List<Piece> pieces) {
    String text = text(pieces);
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, TweetText.utf8Bytes(text));
  }

  @Property(tries = 200)
  void theEntityAcceptsATextExactlyWhenItWeighsAtMost280AndFitsTheByteBound(
      @ForAll("pieces") List<Piece> pieces) {
    String text = text(pieces);
    boolean fits =
        weight(pieces) <= TweetText.MAX_WEIGHTED_LENGTH
            && text.getBytes(StandardCharsets.UTF_8).length <= TweetText.MAX_UTF8_BYTES;
    assertOutcome(!text.isBlank() && fits, text);
  }

  /** Padded with Latin letters to exactly 280, the text is accepted; one letter more is not. */
  @Property(tries = 100)
  void exactly280IsAcceptedAnd281IsNot(@ForAll("pieces") List<Piece> pieces) {
    var kept = new ArrayList<Piece>();
    for (var piece : pieces) {
      if (weight(kept) + piece.weight() <= TweetText.MAX_WEIGHTED_LENGTH - 1) {
        kept.add(piece);
      }
    }
    String at280 = "x" + text(kept) + "a".repeat(TweetText.MAX_WEIGHTED_LENGTH - 1 - weight(kept));
    boolean withinBytes = at280.getBytes(StandardCharsets.UTF_8).length <= TweetText.MAX_UTF8_BYTES;
    assertOutcome(withinBytes, at280);
    assertOutcome(false, at280 + "a");
  }

  private static void assertOutcome(boolean accepted, String text) {
    var tweet =
        EventSourcedBehaviorTestKit.<Tweet.Command, Tweet.Event, Tweet.State>create(
            testKit.system(), Tweet.create("1001", "tweet-1", RetentionCriteria.disabled()));
    var result =
        tweet.<Outcome<TweetData>>runCommand(
            r -> new Tweet.Post(7L, text, Visibility.PUBLIC, null, null, null, Instant.EPOCH, r));
    if (accepted) {
      assertInstanceOf(Outcome.Accepted.class, result.reply(), text);
    } else {
      var rejected = assertInstanceOf(Outcome.Rejected.class, result.reply(), text);
      assertEquals(Rejection.Kind.INVALID, rejected.rejection().kind(), text);
    }
  }

  /**
   * ASCII text is weighed without twitter-text's emoji expression (it is most of a parse's cost):
   * the weights must be exactly those of the full configuration, keycap-like characters included.
   */
  @Property(tries = 500)
  void asciiTextWeighsTheSameWithoutTheEmojiExpression(@ForAll("asciiText") String text) {
    var full = TwitterTextParser.parseTweet(text);
    var fast = TwitterTextParser.parseTweet(text, TweetText.WITHOUT_EMOJI);
    assertEquals(full.weightedLength, fast.weightedLength, text);
    assertEquals(full.isValid, fast.isValid, text);
    assertEquals(full.permillage, fast.permillage, text);
    assertEquals(full.weightedLength, TweetText.parse(text).weightedLength(), text);
  }

  @Provide
  Arbitrary<String> asciiText() {
    var anyAscii = Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).ofMaxLength(400);
    var keycapish = Arbitraries.strings().withChars("#*0123456789 .@/:ab").ofMaxLength(60);
    return Arbitraries.oneOf(anyAscii, keycapish);
  }

  @Property(tries = 200)
  void anyTextWithANonAsciiCharacterIsWeighedWithTheFullConfiguration(
      @ForAll("asciiText") String ascii, @ForAll("piece") Piece piece) {
    Assume.that(!TweetText.isAscii(piece.text()));
    String text = ascii + piece.text();
    assertEquals(
        TwitterTextParser.parseTweet(text).weightedLength,
        TweetText.parse(text).weightedLength(),
        text);
  }

  /**
   * ASCII text's hashtags are found by trying twitter-text's expression only where a hashtag can
   * start: they must be exactly the library's, in order, for texts dense in what makes the rules
   * bite ({@code ##}, {@code &#}, {@code #} after a letter, a tag followed by {@code #} or {@code
   * ://}, tags inside and beside URLs, digits-only tags).
   */
  @Property(tries = 2000)
  void asciiHashtagsAreTheLibrarysHashtags(@ForAll("hashtagDense") String text) {
    var extractor = new Extractor();
    assertEquals(
        extractor.extractHashtags(text),
        AsciiHashtags.extract(text, extractor.extractURLsWithIndices(text)),
        text);
  }

  @Provide
  Arbitrary<String> hashtagDense() {
    var fragments =
        Arbitraries.of(
            "#",
            "#",
            "#",
            "##",
            "&",
            "_",
            "a",
            "Tag",
            "7",
            " ",
            " ",
            ".",
            ":",
            "/",
            "://",
            "-",
            "\n",
            "http://x.co/",
            "https://example.com/p#frag",
            "x.com",
            "@",
            "$",
            "!",
            "'");
    var fragmentText = fragments.list().ofMaxSize(40).map(parts -> String.join("", parts));
    var anyAscii = Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).ofMaxLength(300);
    return Arbitraries.oneOf(fragmentText, fragmentText, anyAscii);
  }
}
