package dev.starling.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A readiness check's outcome: {@code required} checks decide whether the node serves (all must
 * pass), {@code optional} ones are reported only — a dependency the API can do without for a while
 * (Kafka: the event stream catches up when it returns) must not take the node out of rotation.
 */
public record HealthReport(Map<String, Boolean> required, Map<String, Boolean> optional) {
  public HealthReport {
    required = Collections.unmodifiableMap(new LinkedHashMap<>(required));
    optional = Collections.unmodifiableMap(new LinkedHashMap<>(optional));
  }

  public boolean ready() {
    return required.values().stream().allMatch(Boolean::booleanValue);
  }
}
