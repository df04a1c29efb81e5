package dev.starling.read.graph;

import dev.starling.read.accounts.UserPage;
import dev.starling.read.accounts.UserQuery;
import dev.starling.read.store.CountedEdges;
import java.util.concurrent.CompletionStage;

/** A user's followers and followees, newest first, paged by member id. */
public final class GraphQuery {
  private final SocialGraph graph;
  private final UserQuery users;

  public GraphQuery(SocialGraph graph, UserQuery users) {
    this.graph = graph;
    this.users = users;
  }

  public CompletionStage<UserPage> followers(long userId, long before, int limit) {
    return page(graph.followers(), userId, before, limit);
  }

  public CompletionStage<UserPage> following(long userId, long before, int limit) {
    return page(graph.following(), userId, before, limit);
  }

  private CompletionStage<UserPage> page(CountedEdges edges, long userId, long before, int limit) {
    return edges
        .scanBefore(userId, before, limit)
        .thenCompose(
            scan ->
                users
                    .byIds(scan.active().stream().map(CountedEdges.Member::id).toList())
                    .thenApply(
                        items -> new UserPage(items, scan.filled(limit) ? scan.lastId() : null)));
  }
}
