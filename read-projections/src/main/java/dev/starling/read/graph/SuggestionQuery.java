package dev.starling.read.graph;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.typesafe.config.Config;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.accounts.UserView;
import dev.starling.read.store.CountedEdges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accounts a reader might follow: first those followed by the people the reader follows (most
 * shared first), then the most-followed accounts; never the reader, someone they already follow, or
 * anyone on either side of a block with them. The friends-of-friends count reads the following
 * lists of the reader's {@code sample-followees} newest followees ({@code per-followee} each) and
 * is kept per reader for {@code cache-ttl}.
 */
public final class SuggestionQuery {
  private final SocialGraph graph;
  private final Relations relations;
  private final PopularUsers popular;
  private final UserQuery users;
  private final int sampleFollowees;
  private final int perFollowee;
  private final AsyncLoadingCache<Long, List<Long>> friendsOfFriends;

  public SuggestionQuery(
      SocialGraph graph,
      Relations relations,
      PopularUsers popular,
      UserQuery users,
      Config settings) {
    this.graph = graph;
    this.relations = relations;
    this.popular = popular;
    this.users = users;
    this.sampleFollowees = settings.getInt("sample-followees");
    this.perFollowee = settings.getInt("per-followee");
    friendsOfFriends =
        Caffeine.newBuilder()
            .recordStats()
            .maximumSize(settings.getLong("cache-size"))
            .expireAfterWrite(settings.getDuration("cache-ttl"))
            .buildAsync(
                (readerId, executor) -> rankFriendsOfFriends(readerId).toCompletableFuture());
  }

  public CompletionStage<List<UserView>> suggestions(long readerId, int limit) {
    var candidates = friendsOfFriends.get(readerId);
    var mostFollowed = popular.mostFollowed().toCompletableFuture();
    return relations
        .of(readerId)
        .thenCompose(
            reader ->
                candidates.thenCombine(
                    mostFollowed,
                    (shared, famous) -> {
                      var ordered = new LinkedHashSet<Long>(shared);
                      ordered.addAll(famous);
                      ordered.removeIf(
                          id ->
                              id == readerId || reader.blockedEitherWay(id) || reader.follows(id));
                      return List.copyOf(ordered);
                    }))
        .thenCompose(ordered -> alreadyFollowed(readerId, ordered))
        .thenCompose(ordered -> users.byIds(ordered.stream().limit(limit).toList()));
  }

  /** Drops candidates the reader follows beyond the followees their relations keep in memory. */
  private CompletionStage<List<Long>> alreadyFollowed(long readerId, List<Long> candidates) {
    return relations
        .of(readerId)
        .thenCompose(
            reader ->
                reader.followingComplete()
                    ? CompletableFuture.completedFuture(candidates)
                    : graph
                        .following()
                        .activeAmong(readerId, candidates)
                        .thenApply(
                            followed ->
                                candidates.stream().filter(id -> !followed.contains(id)).toList()));
  }

  private CompletionStage<List<Long>> rankFriendsOfFriends(long readerId) {
    return graph
        .following()
        .scanBefore(readerId, Long.MAX_VALUE, sampleFollowees)
        .thenCompose(
            followees -> {
              var lists = new ArrayList<CompletableFuture<CountedEdges.Scan>>();
              for (var followee : followees.active()) {
                lists.add(
                    graph
                        .following()
                        .scanBefore(followee.id(), Long.MAX_VALUE, perFollowee)
                        .toCompletableFuture());
              }
              return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<Long, Integer> shared = new HashMap<>();
                        for (var list : lists) {
                          list.join()
                              .active()
                              .forEach(member -> shared.merge(member.id(), 1, Integer::sum));
                        }
                        return shared.entrySet().stream()
                            .sorted(
                                Map.Entry.<Long, Integer>comparingByValue(Comparator.reverseOrder())
                                    .thenComparing(Map.Entry.comparingByKey()))
                            .map(Map.Entry::getKey)
                            .toList();
                      });
            });
  }

  /** The cache, for its hit rate and size on {@code /metrics} (it records stats). */
  public Cache<?, ?> cacheForMetrics() {
    return friendsOfFriends.synchronous();
  }
}
