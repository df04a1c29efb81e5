package dev.starling.read.accounts;

import dev.starling.read.store.CachedCounts;
import dev.starling.user.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accounts with their counts. Profiles and counts of any number of accounts come in one batch each
 * (both cached), so a page of users costs the same whatever its size.
 */
public final class UserQuery {
  private final UserRepository users;
  private final CachedCounts counts;

  /**
   * @param counts followers, following and tweets per user, in that order
   */
  public UserQuery(UserRepository users, CachedCounts counts) {
    this.users = users;
    this.counts = counts;
  }

  public CompletionStage<Optional<UserView>> byId(long userId) {
    return byIds(List.of(userId)).thenApply(found -> found.stream().findFirst());
  }

  public CompletionStage<Optional<UserView>> byHandle(String handle) {
    return users
        .findIdByHandle(handle)
        .thenCompose(
            id ->
                id.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<UserView>empty())
                    : byId(id.get()));
  }

  /** The id of the active account holding {@code handle}, ignoring case. */
  public CompletionStage<Optional<Long>> idByHandle(String handle) {
    return users.findIdByHandle(handle);
  }

  /** The active accounts among {@code userIds}, in the given order. */
  public CompletionStage<List<UserView>> byIds(List<Long> userIds) {
    var profiles = users.findAll(userIds).toCompletableFuture();
    var userCounts = counts.of(userIds).toCompletableFuture();
    return profiles.thenCombine(
        userCounts,
        (found, numbers) ->
            userIds.stream()
                .map(id -> found.getOrDefault(id, Optional.empty()))
                .flatMap(Optional::stream)
                .map(profile -> view(profile, numbers))
                .toList());
  }

  private static UserView view(Profile profile, Map<Long, long[]> numbers) {
    long[] c = numbers.get(profile.userId());
    return new UserView(profile, c[0], c[1], c[2]);
  }
}
