package dev.starling.ops.bench.graph;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Who follows whom among {@code users} accounts numbered from 0. Immutable; the follower side is
 * derived once from the following side.
 */
public final class FollowGraph {
  private final int[][] followees;
  private final int[][] followers;

  /**
   * @param followees for each user, the distinct other users they follow
   */
  public FollowGraph(int[][] followees) {
    this.followees = new int[followees.length][];
    int[] followerCounts = new int[followees.length];
    for (int user = 0; user < followees.length; user++) {
      this.followees[user] = followees[user].clone();
      for (int author : followees[user]) {
        followerCounts[author]++;
      }
    }
    followers = new int[followees.length][];
    for (int author = 0; author < followees.length; author++) {
      followers[author] = new int[followerCounts[author]];
    }
    int[] filled = new int[followees.length];
    for (int user = 0; user < followees.length; user++) {
      for (int author : followees[user]) {
        followers[author][filled[author]++] = user;
      }
    }
  }

  public int users() {
    return followees.length;
  }

  public int[] followeesOf(int user) {
    return followees[user].clone();
  }

  public int[] followersOf(int author) {
    return followers[author].clone();
  }

  public int followerCount(int author) {
    return followers[author].length;
  }

  public int followingCount(int user) {
    return followees[user].length;
  }

  public long follows() {
    return Arrays.stream(followees).mapToLong(f -> f.length).sum();
  }

  /** Every user, the most followed first (ties by number). */
  public int[] byFollowersDescending() {
    return IntStream.range(0, users())
        .boxed()
        .sorted((a, b) -> Integer.compare(followerCount(b), followerCount(a)))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * The follower count that exactly {@code celebrities} authors exceed, or fewer when the next
   * author ties with the last of them: a node with this threshold fans none of them out.
   */
  public int thresholdAbove(int celebrities) {
    int[] ranked = byFollowersDescending();
    return followerCount(ranked[Math.min(celebrities, ranked.length - 1)]);
  }

  /** Users with more followers than {@code threshold}, the most followed first. */
  public int[] followedByMoreThan(int threshold) {
    return Arrays.stream(byFollowersDescending())
        .filter(user -> followerCount(user) > threshold)
        .toArray();
  }

  /** Equal when every user follows the same users in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FollowGraph graph && Arrays.deepEquals(followees, graph.followees);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(followees);
  }
}
