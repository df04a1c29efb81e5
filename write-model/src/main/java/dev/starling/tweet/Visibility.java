package dev.starling.tweet;

import java.util.Locale;
import java.util.Optional;

public enum Visibility {
  PUBLIC,
  FOLLOWERS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Visibility> fromWireName(String name) {
    for (var v : values()) {
      if (v.wireName().equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
