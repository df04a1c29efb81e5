package dev.starling.ops.bench.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PowerLawGraphTest {
  private static final int USERS = 10_000;
  private static final FollowGraph GRAPH = PowerLawGraph.generate(USERS, 8, 42);

  @Test
  void theSameSeedGivesTheSameGraphAndAnotherSeedAnother() {
    assertEquals(GRAPH, PowerLawGraph.generate(USERS, 8, 42));
    assertNotEquals(GRAPH, PowerLawGraph.generate(USERS, 8, 43));
  }

  @Test
  void nobodyFollowsThemselvesOrAnyoneTwice() {
    for (int user = 0; user < USERS; user++) {
      int[] followees = GRAPH.followeesOf(user);
      Set<Integer> distinct = new HashSet<>();
      for (int author : followees) {
        assertNotEquals(user, author);
        assertTrue(distinct.add(author), "user " + user + " follows " + author + " twice");
      }
    }
  }

  @Test
  void aFewAuthorsHaveThousandsOfFollowersAndMostAHandful() {
    int[] followers =
        Arrays.stream(GRAPH.byFollowersDescending()).map(GRAPH::followerCount).toArray();

    assertTrue(followers[0] >= 2_000, "most followed: " + followers[0]);
    assertTrue(followers[2] >= 1_000, "third most followed: " + followers[2]);
    assertTrue(followers[USERS / 2] <= 5, "median: " + followers[USERS / 2]);
    long top1Percent = Arrays.stream(followers).limit(USERS / 100).asLongStream().sum();
    assertTrue(
        top1Percent > GRAPH.follows() / 3,
        "the top 1% hold " + top1Percent + " of " + GRAPH.follows() + " follows");
  }

  @Test
  void followingIsHeavyTailedAroundTheRequestedMean() {
    int[] following = IntStream.range(0, USERS).map(GRAPH::followingCount).sorted().toArray();
    double mean = (double) GRAPH.follows() / USERS;

    assertTrue(mean > 6.5 && mean < 9.5, "mean following: " + mean);
    assertTrue(following[USERS / 2] < mean, "median " + following[USERS / 2] + " below the mean");
    assertTrue(following[USERS - 1] >= 20 * following[USERS / 2], "max: " + following[USERS - 1]);
    assertTrue(following[0] >= 1, "everyone follows someone");
  }

  @Test
  void theThresholdLeavesTheAskedNumberOfCelebritiesAboveIt() {
    int threshold = GRAPH.thresholdAbove(3);
    int[] celebrities = GRAPH.followedByMoreThan(threshold);

    assertEquals(3, celebrities.length);
    assertEquals(GRAPH.byFollowersDescending()[0], celebrities[0]);
    assertTrue(GRAPH.followerCount(celebrities[2]) > threshold);
  }

  @Test
  void followersAreTheFollowingSideTurnedAround() {
    FollowGraph graph = new FollowGraph(new int[][] {{1, 2}, {2}, {}});

    assertEquals(3, graph.follows());
    assertEquals(0, graph.followerCount(0));
    assertEquals(2, graph.followerCount(2));
    assertEquals(Set.of(0, 1), Set.of(graph.followersOf(2)[0], graph.followersOf(2)[1]));
    assertEquals(2, graph.byFollowersDescending()[0]);
  }
}
