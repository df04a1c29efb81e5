package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.graph.FollowGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which followers watch which authors' posts arrive in their home timelines. Every celebrity gets
 * up to {@link #WATCHERS_PER_CELEBRITY} of its followers; the rest of the sample watches normal
 * authors, one follower each, the authors drawn in proportion to their follower counts: a delivery
 * is a (post, follower) pair, and with posting authors drawn evenly, a random pair's author is a
 * follower-weighted one.
 */
public final class WatchPlan {
  static final int WATCHERS_PER_CELEBRITY = 3;

  private final Map<Integer, List<Integer>> watchersByAuthor;
  private final List<Integer> normalAuthors;
  private final List<Integer> celebrities;

  private WatchPlan(
      Map<Integer, List<Integer>> watchersByAuthor,
      List<Integer> normalAuthors,
      List<Integer> celebrities) {
    this.watchersByAuthor = watchersByAuthor;
    this.normalAuthors = normalAuthors;
    this.celebrities = celebrities;
  }

  /**
   * @param celebrities authors the node merges at read time
   * @param sampledFollowers how many followers watch in all
   */
  public static WatchPlan choose(
      FollowGraph graph, int[] celebrities, int sampledFollowers, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Integer, List<Integer>> watchers = new LinkedHashMap<>();
    Set<Integer> watching = new LinkedHashSet<>();
    List<Integer> watchedCelebrities = new ArrayList<>();
    for (int celebrity : celebrities) {
      List<Integer> chosen =
          distinctFollowers(
              graph, celebrity, WATCHERS_PER_CELEBRITY, watching, sampledFollowers, random);
      if (!chosen.isEmpty()) {
        watchers.put(celebrity, chosen);
        watchedCelebrities.add(celebrity);
      }
    }
    Set<Integer> celebritySet = new LinkedHashSet<>();
    Arrays.stream(celebrities).forEach(celebritySet::add);
    List<Integer> normalAuthors = new ArrayList<>();
    int[] byFollowers = byFollowerWeight(graph, celebritySet);
    for (int attempt = 0;
        watching.size() < sampledFollowers
            && attempt < 100 * sampledFollowers
            && byFollowers.length > 0;
        attempt++) {
      int author = byFollowers[random.nextInt(byFollowers.length)];
      if (watchers.containsKey(author)) {
        continue;
      }
      List<Integer> chosen =
          distinctFollowers(graph, author, 1, watching, sampledFollowers, random);
      if (!chosen.isEmpty()) {
        watchers.put(author, chosen);
        normalAuthors.add(author);
      }
    }
    return new WatchPlan(watchers, List.copyOf(normalAuthors), List.copyOf(watchedCelebrities));
  }

  /** Each follow edge's author once, celebrities left out: a draw from it weights by followers. */
  private static int[] byFollowerWeight(FollowGraph graph, Set<Integer> celebrities) {
    return IntStream.range(0, graph.users())
        .filter(author -> !celebrities.contains(author))
        .flatMap(author -> IntStream.generate(() -> author).limit(graph.followerCount(author)))
        .toArray();
  }

  private static List<Integer> distinctFollowers(
      FollowGraph graph,
      int author,
      int wanted,
      Set<Integer> watching,
      int budget,
      SplittableRandom random) {
    int[] followers = graph.followersOf(author);
    List<Integer> chosen = new ArrayList<>();
    for (int attempt = 0;
        chosen.size() < wanted
            && watching.size() < budget
            && attempt < 20 * wanted
            && followers.length > 0;
        attempt++) {
      int follower = followers[random.nextInt(followers.length)];
      if (watching.add(follower)) {
        chosen.add(follower);
      }
    }
    return chosen;
  }

  /** The followers watching {@code author}'s posts; empty for an author nobody watches. */
  public List<Integer> watchersOf(int author) {
    return watchersByAuthor.getOrDefault(author, List.of());
  }

  /** Every watching follower, each once. */
  public Set<Integer> watchers() {
    Set<Integer> all = new LinkedHashSet<>();
    watchersByAuthor.values().forEach(all::addAll);
    return all;
  }

  public List<Integer> authors(AuthorKind kind) {
    return kind == AuthorKind.CELEBRITY ? celebrities : normalAuthors;
  }
}
