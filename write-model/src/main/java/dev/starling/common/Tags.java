package dev.starling.common;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Event tags for projections: each aggregate type spreads its entities over {@code
 * starling.write-model.tags-per-aggregate} tags ({@code STARLING_PROJECTION_TAGS}, 4 by default),
 * one projection instance per tag, so more tags let the projections spread over more nodes. A tag
 * is written with each event, so the count is part of the journal's data: it may change only as
 * docs/operations.md says (every projection caught up, then every node restarted with the new
 * count), so that one entity's events are never in two tags at once.
 */
public final class Tags {
  /** The default count, which every stack before the setting ran with. */
  public static final int DEFAULT_PER_AGGREGATE = 4;

  static final int MAX_PER_AGGREGATE = 256;

  private Tags() {}

  /** The node's tag count per aggregate, checked. */
  public static int perAggregate(ActorSystem<?> system) {
    int count = system.settings().config().getInt("starling.write-model.tags-per-aggregate");
    if (count < 1 || count > MAX_PER_AGGREGATE) {
      throw new IllegalArgumentException(
          "starling.write-model.tags-per-aggregate (STARLING_PROJECTION_TAGS) is 1 to "
              + MAX_PER_AGGREGATE
              + ", not "
              + count);
    }
    return count;
  }

  public static String forEntity(String aggregate, String entityId, int perAggregate) {
    return aggregate + "-" + Math.abs(entityId.hashCode() % perAggregate);
  }

  public static List<String> all(String aggregate, int perAggregate) {
    return IntStream.range(0, perAggregate).mapToObj(i -> aggregate + "-" + i).toList();
  }
}
