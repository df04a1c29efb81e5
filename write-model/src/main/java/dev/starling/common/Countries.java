package dev.starling.common;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for country codes, wherever a place on Earth is named (an account's {@code
 * location}, a tweet's {@code place}, a trends geography): ISO 3166-1 alpha-2, accepted in any case
 * and kept upper case.
 */
public final class Countries {
  private static final Set<String> ALPHA_2 = Set.of(Locale.getISOCountries());

  private Countries() {}

  /** The code in its normal (upper-case) form, or empty when {@code raw} is not an alpha-2 code. */
  public static Optional<String> alpha2(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String code = raw.toUpperCase(Locale.ROOT);
    return ALPHA_2.contains(code) ? Optional.of(code) : Optional.empty();
  }
}
