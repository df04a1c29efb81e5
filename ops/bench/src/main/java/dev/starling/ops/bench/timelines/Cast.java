package dev.starling.ops.bench.timelines;

import dev.starling.ops.bench.graph.FollowGraph;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The follow graph and who plays which part in the run.
 *
 * @param threshold the celebrity threshold: authors with more followers are merged at read time
 * @param celebrities those authors, the most followed first
 * @param posters who posts in the open-model phase: every user with a follower
 * @param saturationAuthors who posts at saturation: the most followed authors that are fanned out
 */
public record Cast(
    FollowGraph graph, int threshold, int[] celebrities, int[] posters, int[] saturationAuthors) {

  /**
   * @param saturationPosters how many authors post at saturation (one per connection)
   */
  public static Cast of(FollowGraph graph, int threshold, int saturationPosters) {
    int[] celebrities = graph.followedByMoreThan(threshold);
    Set<Integer> celebritySet = Arrays.stream(celebrities).boxed().collect(Collectors.toSet());
    int[] posters =
        IntStream.range(0, graph.users()).filter(u -> graph.followerCount(u) > 0).toArray();
    int[] saturationAuthors =
        Arrays.stream(graph.byFollowersDescending())
            .filter(u -> !celebritySet.contains(u) && graph.followerCount(u) > 0)
            .limit(saturationPosters)
            .toArray();
    return new Cast(
        graph,
        threshold,
        celebrities,
        posters,
        saturationAuthors.length > 0 ? saturationAuthors : posters);
  }

  /** Home-timeline rows a post by one of {@code authors} fans out, on average. */
  public double fanOutRowsPerPost(int[] authors) {
    Set<Integer> merged = Arrays.stream(celebrities).boxed().collect(Collectors.toSet());
    return Arrays.stream(authors)
        .map(author -> merged.contains(author) ? 0 : graph.followerCount(author))
        .average()
        .orElse(0);
  }
}
