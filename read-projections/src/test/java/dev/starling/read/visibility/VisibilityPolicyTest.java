package dev.starling.read.visibility;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.read.graph.ReaderRelations;
import dev.starling.tweet.TweetData;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisibilityPolicyTest {
  private static final long READER = 1;
  private static final long AUTHOR = 2;
  private static final long RETWEETER = 3;
  private static final ReaderRelations NOBODY =
      new ReaderRelations(READER, Set.of(), Set.of(), Set.of(), Set.of(), true);

  private static TweetData tweet(long id, long author, Visibility visibility) {
    return new TweetData(
        id,
        author,
        "text",
        visibility,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        Instant.EPOCH,
        null);
  }

  private static TweetData retweetOf(TweetData original, long by) {
    return new TweetData(
        original.tweetId() + 100,
        by,
        "",
        Visibility.PUBLIC,
        null,
        null,
        original.tweetId(),
        List.of(),
        List.of(),
        List.of(),
        Instant.EPOCH,
        null);
  }

  private static ReaderRelations relations(
      Set<Long> blocks, Set<Long> blockedBy, Set<Long> mutes, Set<Long> following) {
    return new ReaderRelations(READER, blocks, blockedBy, mutes, following, true);
  }

  private static boolean canSee(ReaderRelations reader, TweetData tweet, Surface surface) {
    return VisibilityPolicy.canSee(reader, tweet, Optional.empty(), surface);
  }

  @Test
  void aPublicTweetIsVisibleEverywhere() {
    var tweet = tweet(10, AUTHOR, Visibility.PUBLIC);
    for (var surface : Surface.values()) {
      assertTrue(canSee(NOBODY, tweet, surface), surface::name);
    }
  }

  @Test
  void aFollowersOnlyTweetIsVisibleOnlyToFollowersAndItsAuthor() {
    var tweet = tweet(10, AUTHOR, Visibility.FOLLOWERS);
    var follower = relations(Set.of(), Set.of(), Set.of(), Set.of(AUTHOR));
    var author = new ReaderRelations(AUTHOR, Set.of(), Set.of(), Set.of(), Set.of(), true);
    for (var surface : Surface.values()) {
      assertFalse(canSee(NOBODY, tweet, surface), surface::name);
      assertTrue(canSee(follower, tweet, surface), surface::name);
      assertTrue(canSee(author, tweet, surface), surface::name);
    }
  }

  @Test
  void aBlockHidesTweetsBothWaysOnEverySurface() {
    var tweet = tweet(10, AUTHOR, Visibility.PUBLIC);
    var blocking = relations(Set.of(AUTHOR), Set.of(), Set.of(), Set.of(AUTHOR));
    var blocked = relations(Set.of(), Set.of(AUTHOR), Set.of(), Set.of(AUTHOR));
    for (var surface : Surface.values()) {
      assertFalse(canSee(blocking, tweet, surface), surface::name);
      assertFalse(canSee(blocked, tweet, surface), surface::name);
    }
  }

  @Test
  void aMuteHidesTweetsOnlyWhereTheyArePushedToTheMuter() {
    var tweet = tweet(10, AUTHOR, Visibility.PUBLIC);
    var muting = relations(Set.of(), Set.of(), Set.of(AUTHOR), Set.of(AUTHOR));
    var hiding = EnumSet.of(Surface.HOME_TIMELINE, Surface.NOTIFICATIONS);
    for (var surface : Surface.values()) {
      assertTrue(canSee(muting, tweet, surface) != hiding.contains(surface), surface::name);
    }
  }

  @Test
  void aRetweetOfAMutedAuthorIsHiddenFromTheHomeTimeline() {
    var original = tweet(10, AUTHOR, Visibility.PUBLIC);
    var retweet = retweetOf(original, RETWEETER);
    var muting = relations(Set.of(), Set.of(), Set.of(AUTHOR), Set.of(RETWEETER));
    assertFalse(
        VisibilityPolicy.canSee(muting, retweet, Optional.of(original), Surface.HOME_TIMELINE));
    assertTrue(
        VisibilityPolicy.canSee(muting, retweet, Optional.of(original), Surface.USER_TIMELINE));
  }

  @Test
  void aRetweetIsHiddenWhenItsOriginalIsGoneOrHidden() {
    var original = tweet(10, AUTHOR, Visibility.PUBLIC);
    var retweet = retweetOf(original, RETWEETER);
    var blocking = relations(Set.of(AUTHOR), Set.of(), Set.of(), Set.of(RETWEETER));
    for (var surface : Surface.values()) {
      assertFalse(VisibilityPolicy.canSee(NOBODY, retweet, Optional.empty(), surface));
      assertFalse(VisibilityPolicy.canSee(blocking, retweet, Optional.of(original), surface));
      assertTrue(VisibilityPolicy.canSee(NOBODY, retweet, Optional.of(original), surface));
    }
  }

  @Test
  void aRetweetByABlockedUserIsHiddenEvenWhenTheOriginalIsNot() {
    var original = tweet(10, AUTHOR, Visibility.PUBLIC);
    var retweet = retweetOf(original, RETWEETER);
    var blocking = relations(Set.of(RETWEETER), Set.of(), Set.of(), Set.of(AUTHOR));
    assertFalse(
        VisibilityPolicy.canSee(blocking, retweet, Optional.of(original), Surface.HOME_TIMELINE));
  }

  @Test
  void whatAUserDidIsHiddenAcrossABlockAndFromMutersNotifications() {
    var muting = relations(Set.of(), Set.of(), Set.of(AUTHOR), Set.of());
    var blocked = relations(Set.of(), Set.of(AUTHOR), Set.of(), Set.of());
    assertTrue(VisibilityPolicy.canSeeUser(NOBODY, AUTHOR, Surface.NOTIFICATIONS));
    assertFalse(VisibilityPolicy.canSeeUser(muting, AUTHOR, Surface.NOTIFICATIONS));
    assertTrue(VisibilityPolicy.canSeeUser(muting, AUTHOR, Surface.TWEET));
    assertFalse(VisibilityPolicy.canSeeUser(blocked, AUTHOR, Surface.TWEET));
    assertTrue(VisibilityPolicy.canSeeUser(blocked, READER, Surface.NOTIFICATIONS));
  }

  @Test
  void onlyFollowersOnlyTweetsOfOthersNeedAFollowCheck() {
    assertTrue(VisibilityPolicy.needsFollowCheck(NOBODY, tweet(10, AUTHOR, Visibility.FOLLOWERS)));
    assertFalse(VisibilityPolicy.needsFollowCheck(NOBODY, tweet(10, AUTHOR, Visibility.PUBLIC)));
    assertFalse(VisibilityPolicy.needsFollowCheck(NOBODY, tweet(10, READER, Visibility.FOLLOWERS)));
  }
}
