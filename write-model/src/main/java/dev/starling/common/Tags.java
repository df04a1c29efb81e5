package dev.starling.common;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Event tags for projections: each aggregate type spreads its entities over a fixed number of tags,
 * one projection instance per tag. The count is part of the journal's data: changing it later needs
 * a re-tagging migration, so it is a constant rather than a setting.
 */
public final class Tags {
  public static final int PER_AGGREGATE = 4;

  private Tags() {}

  public static String forEntity(String aggregate, String entityId) {
    return aggregate + "-" + Math.abs(entityId.hashCode() % PER_AGGREGATE);
  }

  public static List<String> all(String aggregate) {
    return IntStream.range(0, PER_AGGREGATE).mapToObj(i -> aggregate + "-" + i).toList();
  }
}
