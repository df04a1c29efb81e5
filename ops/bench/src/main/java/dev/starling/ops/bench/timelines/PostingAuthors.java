package dev.starling.ops.bench.timelines;

import java.util.List;
import java.util.Optional;

/**
 * Who makes the n-th post of the open-model stream. Every {@code watchEvery}-th post is by a
 * watched author, alternating between normal authors and celebrities (each list in turn); every
 * other post is by a user drawn evenly from {@code posters}. The same sequence number always gives
 * the same author, whichever worker asks.
 */
public final class PostingAuthors {
  private final int[] posters;
  private final List<Integer> watchedNormal;
  private final List<Integer> watchedCelebrities;
  private final long watchEvery;
  private final long seed;

  /**
   * @param watchEvery one post in this many is by a watched author; 0 for none
   */
  public PostingAuthors(int[] posters, WatchPlan plan, long watchEvery, long seed) {
    if (posters.length == 0) {
      throw new IllegalArgumentException("nobody to post");
    }
    this.posters = posters.clone();
    this.watchedNormal = plan.authors(AuthorKind.NORMAL);
    this.watchedCelebrities = plan.authors(AuthorKind.CELEBRITY);
    boolean anyWatched = !watchedNormal.isEmpty() || !watchedCelebrities.isEmpty();
    this.watchEvery = anyWatched ? watchEvery : 0;
    this.seed = seed;
  }

  /**
   * @param watched the kind of a watched author, empty for an unwatched post
   */
  public record Choice(int user, Optional<AuthorKind> watched) {}

  public Choice of(long sequence) {
    if (watchEvery > 0 && sequence % watchEvery == 0) {
      long turn = sequence / watchEvery;
      boolean celebrityTurn = turn % 2 == 1 || watchedNormal.isEmpty();
      if (celebrityTurn && !watchedCelebrities.isEmpty()) {
        return new Choice(nth(watchedCelebrities, turn / 2), Optional.of(AuthorKind.CELEBRITY));
      }
      return new Choice(nth(watchedNormal, turn / 2), Optional.of(AuthorKind.NORMAL));
    }
    return new Choice(posters[SeededDraw.of(seed, sequence, posters.length)], Optional.empty());
  }

  private static int nth(List<Integer> users, long n) {
    return users.get((int) (n % users.size()));
  }
}
