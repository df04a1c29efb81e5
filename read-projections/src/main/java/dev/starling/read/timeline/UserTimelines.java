package dev.starling.read.timeline;

import dev.starling.read.store.CountedEdges;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Users' own timelines (their tweets and retweets, deleted ones as tombstones) as a store. */
final class UserTimelines implements TimelineStore {
  private final CountedEdges edges;

  UserTimelines(CountedEdges edges) {
    this.edges = edges;
  }

  @Override
  public CompletionStage<List<Row>> before(long userId, long before, int limit) {
    return edges.scanBefore(userId, before, limit).thenApply(scan -> rows(userId, scan));
  }

  @Override
  public CompletionStage<List<Row>> newerThan(long userId, long after, int limit) {
    return edges.scanAbove(userId, after, limit).thenApply(scan -> rows(userId, scan));
  }

  private static List<Row> rows(long userId, CountedEdges.Scan scan) {
    return scan.rows().stream().map(r -> new Row(r.id(), userId, r.active())).toList();
  }
}
