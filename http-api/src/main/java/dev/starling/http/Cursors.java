package dev.starling.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors. A cursor holds the id below which the next page starts; clients must not
 * build or parse them, so the encoding can change (the version prefix allows that).
 */
public final class Cursors {
  private static final String PREFIX = "c1:";

  private Cursors() {}

  public static String encode(long beforeId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + beforeId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiProblem 400 when the cursor was not made by {@link #encode}
   */
  public static long decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!raw.startsWith(PREFIX)) {
        throw ApiProblem.badRequest("invalid cursor");
      }
      return Long.parseLong(raw.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid cursor");
    }
  }
}
