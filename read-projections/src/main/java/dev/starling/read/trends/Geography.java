package dev.starling.read.trends;

import dev.starling.common.CountryCode;
import java.util.Locale;
import java.util.Optional;

/** Where trends are counted: {@code global}, or a country by its ISO 3166-1 alpha-2 code. */
public final class Geography {
  public static final String GLOBAL = "global";

  private Geography() {}

  /** The geography in its normal form ({@code global}, {@code US}), any case accepted. */
  public static Optional<String> parse(String raw) {
    if (raw != null && raw.toLowerCase(Locale.ROOT).equals(GLOBAL)) {
      return Optional.of(GLOBAL);
    }
    return CountryCode.parse(raw);
  }
}
