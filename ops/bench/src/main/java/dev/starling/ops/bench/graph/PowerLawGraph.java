package dev.starling.ops.bench.graph;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates follow graphs shaped like real social networks, reproducibly from a seed: whom people
 * follow is Zipf-distributed over authors (user {@code r}, counting from 0, is drawn with weight
 * {@code 1/(r+1)}), so a few authors get thousands of followers and most a handful; how many people
 * each user follows is Pareto-distributed (tail index 2), so most follow a few and some follow
 * hundreds.
 */
public final class PowerLawGraph {
  static final double POPULARITY_EXPONENT = 1.0;
  static final double FOLLOWING_TAIL_INDEX = 2.0;

  /** Nobody follows a quarter of everyone, nor more than a real client would page through. */
  static final int MOST_FOLLOWING = 1_000;

  private static final int DRAWS_PER_FOLLOW = 100;

  private PowerLawGraph() {}

  /**
   * @param meanFollowing the mean number of accounts a user follows, before rounding and caps
   */
  public static FollowGraph generate(int users, double meanFollowing, long seed) {
    if (users < 2) {
      throw new IllegalArgumentException("a follow graph needs at least 2 users");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] cumulativePopularity = cumulativePopularity(users);
    int mostFollowing = Math.max(1, Math.min(users / 4, MOST_FOLLOWING));
    // A Pareto variable with tail index a and minimum m has mean a·m/(a-1).
    double leastFollowing = meanFollowing * (FOLLOWING_TAIL_INDEX - 1) / FOLLOWING_TAIL_INDEX;
    int[][] followees = new int[users][];
    for (int user = 0; user < users; user++) {
      int following = followingCount(random, leastFollowing, mostFollowing);
      followees[user] = drawAuthors(random, cumulativePopularity, user, following);
    }
    return new FollowGraph(followees);
  }

  private static double[] cumulativePopularity(int users) {
    double[] cumulative = new double[users];
    double sum = 0;
    for (int rank = 0; rank < users; rank++) {
      sum += 1 / Math.pow(rank + 1, POPULARITY_EXPONENT);
      cumulative[rank] = sum;
    }
    return cumulative;
  }

  private static int followingCount(SplittableRandom random, double least, int most) {
    double pareto = least / Math.pow(1 - random.nextDouble(), 1 / FOLLOWING_TAIL_INDEX);
    return (int) Math.max(1, Math.min(most, Math.round(pareto)));
  }

  /**
   * {@code count} distinct authors other than {@code user}, each drawn by popularity; fewer when
   * the draws keep hitting the same popular few.
   */
  private static int[] drawAuthors(
      SplittableRandom random, double[] cumulative, int user, int count) {
    Set<Integer> authors = new LinkedHashSet<>();
    double total = cumulative[cumulative.length - 1];
    for (int draw = 0; authors.size() < count && draw < count * DRAWS_PER_FOLLOW; draw++) {
      int index = Arrays.binarySearch(cumulative, random.nextDouble() * total);
      int author = index >= 0 ? index : -index - 1;
      if (author != user) {
        authors.add(author);
      }
    }
    return authors.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
