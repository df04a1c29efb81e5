package dev.starling.ops.bench.timelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.ops.bench.graph.FollowGraph;
import dev.starling.ops.bench.graph.PowerLawGraph;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PostingAuthorsTest {
  private static final FollowGraph GRAPH = PowerLawGraph.generate(2_000, 8, 7);
  private static final int[] CELEBRITIES = GRAPH.followedByMoreThan(GRAPH.thresholdAbove(3));
  private static final WatchPlan PLAN = WatchPlan.choose(GRAPH, CELEBRITIES, 30, 7);

  @Test
  void everyWatcherFollowsTheAuthorItWatches() {
    Set<Integer> celebrities = new HashSet<>();
    IntStream.of(CELEBRITIES).forEach(celebrities::add);

    assertEquals(30, PLAN.watchers().size());
    assertEquals(3, PLAN.authors(AuthorKind.CELEBRITY).size());
    for (AuthorKind kind : AuthorKind.values()) {
      for (int author : PLAN.authors(kind)) {
        assertEquals(kind == AuthorKind.CELEBRITY, celebrities.contains(author));
        for (int watcher : PLAN.watchersOf(author)) {
          assertTrue(IntStream.of(GRAPH.followeesOf(watcher)).anyMatch(a -> a == author));
        }
      }
    }
  }

  @Test
  void everyNthPostIsByAWatchedAuthorAlternatingKinds() {
    int[] posters =
        IntStream.range(0, GRAPH.users()).filter(u -> GRAPH.followerCount(u) > 0).toArray();
    PostingAuthors authors = new PostingAuthors(posters, PLAN, 10, 7);

    assertEquals(Optional.of(AuthorKind.NORMAL), authors.of(0).watched());
    assertEquals(Optional.of(AuthorKind.CELEBRITY), authors.of(10).watched());
    assertEquals(Optional.of(AuthorKind.NORMAL), authors.of(20).watched());
    assertEquals(Optional.empty(), authors.of(11).watched());
    assertTrue(PLAN.authors(AuthorKind.CELEBRITY).contains(authors.of(10).user()));
  }

  @Test
  void theSameSequenceGivesTheSameAuthorAndPostsSpreadOverThePosters() {
    int[] posters =
        IntStream.range(0, GRAPH.users()).filter(u -> GRAPH.followerCount(u) > 0).toArray();
    PostingAuthors authors = new PostingAuthors(posters, PLAN, 0, 7);
    PostingAuthors again = new PostingAuthors(posters, PLAN, 0, 7);

    Set<Integer> distinct = new HashSet<>();
    for (long n = 0; n < 1_000; n++) {
      assertEquals(authors.of(n), again.of(n));
      distinct.add(authors.of(n).user());
    }
    assertTrue(distinct.size() > 500, distinct.size() + " distinct authors in 1000 posts");
  }
}
