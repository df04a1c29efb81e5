package dev.starling.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.read.search.IndexChange.TweetDocument;
import dev.starling.read.search.IndexChange.TweetRemoval;
import dev.starling.read.search.IndexChange.UserDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchIndexTest {
  private static final TopicPartition TWEETS_0 = new TopicPartition("t.tweets", 0);
  private static final TopicPartition USERS_3 = new TopicPartition("t.users", 3);

  @TempDir Path folder;
  private LuceneSearchIndex index;

  @BeforeEach
  void open() {
    index = reopen();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private LuceneSearchIndex reopen() {
    return LuceneSearchIndex.open(folder, TextLanguage.ENGLISH, Duration.ofSeconds(60));
  }

  private void apply(IndexChange... changes) {
    index.apply(List.of(changes), Map.of());
    index.refresh();
  }

  private static TweetDocument tweet(long id, long author, String text, String... tags) {
    return new TweetDocument(id, author, text, "public", List.of(tags), List.of());
  }

  private static TweetDocument mentioning(long id, String text, String... handles) {
    return new TweetDocument(id, 1, text, "public", List.of(), List.of(handles));
  }

  private List<Long> words(String... words) {
    return find(new TweetCriteria(List.of(words), List.of(), List.of(), List.of(), List.of()));
  }

  private List<Long> find(TweetCriteria criteria) {
    return index.tweets(criteria, Long.MAX_VALUE, 100);
  }

  private static TweetCriteria criteria(String q, Long... authors) {
    return TweetCriteria.of(SearchTermsParser.parse(q), List.of(authors));
  }

  @Test
  void wordsMatchTheirStemsAndAllMustMatch() {
    apply(
        tweet(1, 1, "She runs every morning"),
        tweet(2, 1, "Running late for the meeting"),
        tweet(3, 1, "A quiet morning"));
    assertEquals(List.of(2L, 1L), words("running"));
    assertEquals(List.of(1L), words("run", "mornings"));
    assertEquals(List.of(), words("runs", "quiet"));
  }

  @Test
  void onlyStopWordsMatchNothing() {
    apply(tweet(1, 1, "the cat and the hat"));
    assertEquals(List.of(), words("the", "and"));
  }

  @Test
  void aPhraseMatchesItsWordsInOrder() {
    apply(tweet(1, 1, "the quick brown fox"), tweet(2, 1, "brown and quick fox"));
    assertEquals(List.of(1L), find(criteria("\"quick brown\"")));
    assertEquals(List.of(2L, 1L), find(criteria("quick brown")));
  }

  @Test
  void hashtagsMentionsAndAuthorsMatchAsKeywordsIgnoringCase() {
    apply(
        tweet(1, 7, "learning #Java", "Java"),
        tweet(2, 8, "java without a tag"),
        mentioning(3, "hi @Ada", "Ada"),
        mentioning(4, "about ada, not to her"));
    assertEquals(List.of(1L), find(criteria("#JAVA")));
    assertEquals(List.of(3L), find(criteria("@ada")));
    assertEquals(List.of(2L), find(criteria("java", 8L)));
    assertEquals(List.of(1L), find(criteria("learning #java", 7L)));
    assertEquals(List.of(), find(criteria("learning #java", 8L)));
  }

  @Test
  void tweetsComeNewestFirstBelowTheCursor() {
    for (long id = 1; id <= 5; id++) {
      apply(tweet(id, 1, "same words"));
    }
    assertEquals(List.of(5L, 4L), index.tweets(criteria("words"), Long.MAX_VALUE, 2));
    assertEquals(List.of(3L, 2L), index.tweets(criteria("words"), 4, 2));
    assertEquals(List.of(1L), index.tweets(criteria("words"), 2, 2));
  }

  @Test
  void aDeletedTweetIsNotFoundNorCounted() {
    apply(tweet(1, 1, "tagged #go", "go"), tweet(2, 1, "also #go", "go"));
    apply(new TweetRemoval(1));
    assertEquals(List.of(2L), find(criteria("#go")));
    assertEquals(List.of(new HashtagCount("go", 1)), index.hashtags("g", 10));
    apply(new TweetRemoval(2));
    assertEquals(List.of(), index.hashtags("g", 10));
  }

  @Test
  void hashtagsByPrefixMostUsedFirst() {
    apply(
        tweet(1, 1, "a", "java", "javascript"),
        tweet(2, 1, "b", "javascript"),
        tweet(3, 1, "c", "jazz"),
        tweet(4, 1, "d", "kotlin"));
    assertEquals(
        List.of(
            new HashtagCount("javascript", 2),
            new HashtagCount("java", 1),
            new HashtagCount("jazz", 1)),
        index.hashtags("JA", 10));
    assertEquals(List.of(new HashtagCount("javascript", 2)), index.hashtags("ja", 1));
    assertEquals(List.of(), index.hashtags("x", 10));
  }

  @Test
  void usersByHandleOrDisplayNamePrefixNewestFirst() {
    apply(
        new UserDocument(10, "ada_l", "Countess of Lovelace"),
        new UserDocument(11, "grace", "Grace Hopper"),
        new UserDocument(12, "adams", "Douglas"));
    assertEquals(List.of(12L, 10L), index.users("Ada", Long.MAX_VALUE, 10));
    assertEquals(List.of(10L), index.users("lovel", Long.MAX_VALUE, 10));
    assertEquals(List.of(11L), index.users("grace hop", Long.MAX_VALUE, 10));
    assertEquals(List.of(10L), index.users("ada", 12, 10));
  }

  @Test
  void reApplyingReplacesInsteadOfDuplicating() {
    var first = tweet(1, 1, "hello #again", "again");
    apply(first, first);
    apply(first);
    apply(new UserDocument(5, "ada", "Ada"), new UserDocument(5, "ada", "Ada"));
    assertEquals(List.of(1L), find(criteria("hello")));
    assertEquals(List.of(new HashtagCount("again", 1)), index.hashtags("again", 10));
    assertEquals(List.of(5L), index.users("ada", Long.MAX_VALUE, 10));
  }

  @Test
  void reApplyingAfterReopeningReplacesToo() {
    apply(tweet(5, 1, "reopened #once", "once"), tweet(9, 1, "newest"));
    index.close();
    index = reopen();
    apply(tweet(5, 1, "reopened #once", "once"), tweet(3, 1, "older but new #once", "once"));
    assertEquals(List.of(new HashtagCount("once", 2)), index.hashtags("once", 10));
    assertEquals(List.of(5L, 3L), find(criteria("#once")));
  }

  @Test
  void committedDocumentsAndPositionsSurviveReopening() {
    index.apply(List.of(tweet(1, 1, "kept")), Map.of(TWEETS_0, 42L, USERS_3, 7L));
    index.commit();
    index.apply(List.of(tweet(2, 1, "kept too")), Map.of(TWEETS_0, 43L));
    index.close();

    index = reopen();
    assertEquals(Map.of(TWEETS_0, 43L, USERS_3, 7L), index.positions());
    assertEquals(List.of(2L, 1L), find(criteria("kept")));
  }

  @Test
  void positionsAndContentAgreeAfterACrash() throws Exception {
    index.apply(List.of(tweet(1, 1, "committed")), Map.of(TWEETS_0, 10L));
    index.commit();
    index.apply(List.of(tweet(2, 1, "committed later")), Map.of(TWEETS_0, 11L));

    // a second process opening a copy of the folder sees only what was committed
    Path copy = Path.of(folder + "-copy");
    try (var files = java.nio.file.Files.list(folder)) {
      java.nio.file.Files.createDirectories(copy);
      for (var file : files.toList()) {
        if (!file.getFileName().toString().equals("write.lock")) {
          java.nio.file.Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    try (var crashed = LuceneSearchIndex.open(copy, TextLanguage.ENGLISH, Duration.ofSeconds(60))) {
      assertEquals(Map.of(TWEETS_0, 10L), crashed.positions());
      assertEquals(List.of(1L), crashed.tweets(criteria("committed"), Long.MAX_VALUE, 10));
    }
  }
}
