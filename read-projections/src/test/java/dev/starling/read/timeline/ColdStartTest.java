package dev.starling.read.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.testing.RealServersExtension;
import dev.starling.read.accounts.UserView;
import dev.starling.read.projection.ReadSide;
import dev.starling.read.testing.ReadSideEvents;
import dev.starling.read.testing.ReadSideFixture;
import dev.starling.tweet.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a new reader is offered: popular tweets in an empty home timeline, accounts to follow. */
@ExtendWith(RealServersExtension.class)
class ColdStartTest {
  // now: popular tweets are ranked among those of the last hours
  private static final Instant AT = Instant.now();
  private static ReadSideFixture fixture;
  private static ReadSide readSide;
  private static ReadSideEvents events;

  @BeforeAll
  static void setUp() {
    fixture =
        new ReadSideFixture(
            ColdStartTest.class,
            Map.of(
                "starling.read-side.timelines.popular.refresh-interval", "0s",
                "starling.read-side.suggestions.cache-ttl", "0s",
                "starling.read-side.suggestions.popular.min-followers", 2,
                "starling.read-side.suggestions.popular.refresh-interval", "0s"));
    readSide = fixture.readSide();
    events = new ReadSideEvents(readSide, AT, 3_000_000);
  }

  @AfterAll
  static void tearDown() {
    fixture.close();
  }

  private static List<Long> ids(List<UserView> users) {
    return users.stream().map(view -> view.profile().userId()).toList();
  }

  @Test
  void aReaderFollowingNobodyGetsRecentPopularTweetsMostEngagingFirst() {
    long author = events.user("pop_author");
    long fan = events.user("pop_fan");
    long newcomer = events.user("pop_newcomer");
    var quiet = events.post(author, Visibility.PUBLIC);
    var liked = events.post(author, Visibility.PUBLIC);
    ReadSideEvents.join(
        readSide
            .engagementUpdater()
            .applyLike(fan, liked.tweetId(), true, events.nextVersion(), AT));

    var shown =
        ReadSideEvents.join(readSide.homeTimeline().page(newcomer, Long.MAX_VALUE, 20))
            .items()
            .stream()
            .map(view -> view.tweet().tweetId())
            .toList();

    assertEquals(liked.tweetId(), shown.get(0), () -> "popular tweets: " + shown);
    assertTrue(shown.contains(quiet.tweetId()), () -> "popular tweets: " + shown);
  }

  @Test
  void suggestionsAreFriendsOfFriendsFirstThenTheMostFollowedButNeverYourselfOrYourFollowees() {
    long reader = events.user("sug_reader");
    long friend = events.user("sug_friend");
    long otherFriend = events.user("sug_friend2");
    long sharedByBoth = events.user("sug_shared");
    long sharedByOne = events.user("sug_one");
    long famous = events.user("sug_famous");
    long blocked = events.user("sug_blocked");
    events.follow(reader, friend, true);
    events.follow(reader, otherFriend, true);
    events.follow(friend, sharedByBoth, true);
    events.follow(otherFriend, sharedByBoth, true);
    events.follow(friend, sharedByOne, true);
    events.follow(friend, blocked, true);
    events.follow(otherFriend, friend, true);
    for (int i = 0; i < 3; i++) {
      events.follow(events.user("sug_fan" + i), famous, true);
    }
    ReadSideEvents.join(
        readSide.relationshipUpdater().applyBlock(reader, blocked, true, events.nextVersion(), AT));

    var suggested = ids(ReadSideEvents.join(readSide.suggestions().suggestions(reader, 20)));

    assertEquals(List.of(sharedByBoth, sharedByOne, famous), suggested.subList(0, 3));
    assertTrue(!suggested.contains(reader) && !suggested.contains(friend), suggested::toString);
    assertTrue(!suggested.contains(blocked), suggested::toString);
  }
}
