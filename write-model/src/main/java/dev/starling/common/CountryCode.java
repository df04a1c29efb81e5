package dev.starling.common;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for a geography given by a user: an ISO 3166-1 alpha-2 country code, any case on the
 * way in, upper case once accepted. An account's {@code location}, a tweet's {@code place} and the
 * trends' {@code location} all go through it.
 */
public final class CountryCode {
  private static final Set<String> CODES = Set.of(Locale.getISOCountries());

  private CountryCode() {}

  /** The code in upper case, or empty when {@code raw} is not an ISO 3166-1 alpha-2 code. */
  public static Optional<String> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String code = raw.toUpperCase(Locale.ROOT);
    return CODES.contains(code) ? Optional.of(code) : Optional.empty();
  }
}
