package dev.starling.read.trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendWindowsTest {
  // a 10 min window in 10 buckets, baseline over the 2 windows before, 3 accounts to trend
  private static final TrendSettings SETTINGS =
      new TrendSettings(Duration.ofMinutes(10), 10, 2, 3, 1);
  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final TrendWindows windows = new TrendWindows(SETTINGS, clock);
  private long nextTweet = 1000;

  private long post(long author, String tag, String... places) {
    long id = nextTweet++;
    windows.posted(id, author, clock.instant(), List.of(tag), List.of(places));
    return id;
  }

  private List<String> names(String geography) {
    return windows.ranking(geography, 10).trends().stream().map(Trend::name).toList();
  }

  private Trend only(String geography) {
    var trends = windows.ranking(geography, 10).trends();
    assertEquals(1, trends.size(), trends.toString());
    return trends.get(0);
  }

  @Test
  void tagUsedByEnoughAccountsTrendsWhereItWasPostedAndGlobally() {
    post(1, "launch", "US");
    post(2, "Launch", "US");
    post(3, "LAUNCH", "US");

    assertEquals(List.of("#launch"), names("US"));
    assertEquals(List.of("#launch"), names(Geography.GLOBAL));
    assertEquals(List.of(), names("DE"));
    var launch = only("US");
    assertEquals(3, launch.tweetCount());
    assertEquals(3, launch.accounts());
  }

  @Test
  void tagNeedsTheMinimumOfDistinctAccounts() {
    post(1, "quiet", "US");
    post(2, "quiet", "US");

    assertEquals(List.of(), names("US"));

    post(3, "quiet", "US");
    assertEquals(List.of("#quiet"), names("US"));
  }

  @Test
  void oneAccountSpammingATagCountsOnce() {
    for (int i = 0; i < 50; i++) {
      post(7, "spam");
      clock.advance(Duration.ofSeconds(10));
    }
    assertEquals(List.of(), names(Geography.GLOBAL));

    post(8, "spam");
    assertEquals(List.of(), names(Geography.GLOBAL), "two accounts are still below three");
    post(9, "spam");
    var spam = only(Geography.GLOBAL);
    assertEquals(3, spam.accounts());
    assertEquals(3.0, spam.score(), "three accounts over an empty baseline, however many tweets");
  }

  @Test
  void deletedTweetStopsCounting() {
    post(1, "gone");
    post(2, "gone");
    long third = post(3, "gone");
    assertEquals(List.of("#gone"), names(Geography.GLOBAL));

    assertTrue(windows.deleted(third, clock.instant()));

    assertEquals(List.of(), names(Geography.GLOBAL));
  }

  @Test
  void anAccountWithAnotherLiveTweetStillCountsAfterOneIsDeleted() {
    post(1, "twice");
    long first = post(1, "twice");
    post(2, "twice");
    post(3, "twice");

    windows.deleted(first, clock.instant());

    var twice = only(Geography.GLOBAL);
    assertEquals(3, twice.accounts());
    assertEquals(3, twice.tweetCount());
  }

  @Test
  void redeliveredPostsAndDeletesChangeNothing() {
    long first = post(1, "again");
    post(2, "again");
    long third = post(3, "again");
    var before = windows.ranking(Geography.GLOBAL, 10).trends();

    assertFalse(windows.posted(first, 1, clock.instant(), List.of("again"), List.of()));
    assertEquals(before, windows.ranking(Geography.GLOBAL, 10).trends());

    assertTrue(windows.deleted(third, clock.instant()));
    assertFalse(windows.deleted(third, clock.instant()));
    assertFalse(
        windows.posted(third, 3, clock.instant(), List.of("again"), List.of()),
        "a post redelivered after its delete stays deleted");
    assertEquals(List.of(), names(Geography.GLOBAL));
  }

  @Test
  void deleteSeenBeforeItsPostKeepsThePostOut() {
    windows.deleted(42, clock.instant());

    assertFalse(windows.posted(42, 1, clock.instant(), List.of("late"), List.of()));
  }

  @Test
  void tagLeavesWhenItsTweetsLeaveTheWindow() {
    post(1, "fleeting");
    post(2, "fleeting");
    post(3, "fleeting");
    clock.advance(Duration.ofMinutes(9));
    assertEquals(List.of("#fleeting"), names(Geography.GLOBAL));

    clock.advance(Duration.ofMinutes(1));

    assertEquals(List.of(), names(Geography.GLOBAL));
  }

  @Test
  void accountCountsAgainInALaterWindow() {
    post(1, "daily");
    post(2, "daily");
    clock.advance(Duration.ofMinutes(10));
    post(1, "daily");
    post(2, "daily");
    post(3, "daily");

    var daily = only(Geography.GLOBAL);
    assertEquals(3, daily.accounts());
    assertEquals(3, daily.tweetCount());
  }

  @Test
  void risingTagOutranksALouderEvergreenTag() {
    // an evergreen tag: 20 accounts in each of the baseline windows and the current one
    for (int window = 0; window < 3; window++) {
      for (long account = 100; account < 120; account++) {
        post(account, "evergreen");
      }
      if (window < 2) {
        clock.advance(Duration.ofMinutes(10));
      }
    }
    for (long account = 200; account < 205; account++) {
      post(account, "breaking");
    }

    var trends = windows.ranking(Geography.GLOBAL, 10).trends();
    assertEquals(List.of("#breaking"), trends.stream().map(Trend::name).toList());
    assertEquals(5.0, trends.get(0).score());
  }

  @Test
  void scoreIsTheRiseOverTheBaselineInPoissonDeviations() {
    assertEquals(0.0, TrendWindows.score(20, 20));
    assertEquals(10.0, TrendWindows.score(10, 0));
    assertEquals(Math.round(100 / Math.sqrt(101) * 1000) / 1000.0, TrendWindows.score(200, 100));
    assertTrue(TrendWindows.score(5, 0) > TrendWindows.score(40, 30));
  }

  @Test
  void tagRisingOverItsBaselineTrendsWithTheRiseAsScore() {
    // 3 accounts in each baseline window, 12 in the current one
    for (int window = 0; window < 2; window++) {
      for (long account = 1; account <= 3; account++) {
        post(account, "growing");
      }
      clock.advance(Duration.ofMinutes(10));
    }
    for (long account = 1; account <= 12; account++) {
      post(account, "growing");
    }

    assertEquals((12 - 3) / 2.0, only(Geography.GLOBAL).score());
  }

  @Test
  void limitCutsTheRankingHighestScoreFirst() {
    for (long account = 1; account <= 5; account++) {
      post(account, "big");
    }
    for (long account = 1; account <= 4; account++) {
      post(account, "middle");
    }
    for (long account = 1; account <= 3; account++) {
      post(account, "small");
    }

    assertEquals(
        List.of("#big", "#middle", "#small"),
        windows.ranking(Geography.GLOBAL, 10).trends().stream().map(Trend::name).toList());
    assertEquals(
        List.of("#big", "#middle"),
        windows.ranking(Geography.GLOBAL, 2).trends().stream().map(Trend::name).toList());
  }

  @Test
  void tweetsOlderThanTheHorizonAreNotCountedAndForgottenOnesLeave() {
    Instant tooOld = START.minus(SETTINGS.horizon());
    assertFalse(windows.posted(1, 1, tooOld, List.of("old"), List.of()));

    post(1, "kept");
    assertEquals(1, windows.tweetsRemembered());
    clock.advance(SETTINGS.horizon());
    assertEquals(0, windows.tweetsRemembered());
  }

  @Test
  void replayingTheSameEventsGivesTheSameRanking() {
    var replayed = new TrendWindows(SETTINGS, clock);
    for (long account = 1; account <= 4; account++) {
      long id = post(account, "replay", "FR");
      replayed.posted(id, account, clock.instant(), List.of("replay"), List.of("FR"));
    }

    assertEquals(windows.ranking("FR", 10).trends(), replayed.ranking("FR", 10).trends());
  }
}
