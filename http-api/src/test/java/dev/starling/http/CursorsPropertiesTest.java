package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Page cursors: what {@link Cursors#encode} makes decodes back, and anything else is a 400. */
class CursorsPropertiesTest {

  @Property
  void aCursorDecodesToTheIdItWasMadeFrom(@ForAll long beforeId) {
    assertEquals(beforeId, Cursors.decode(Cursors.encode(beforeId)));
  }

  @Property
  void aCursorIsUrlSafe(@ForAll long beforeId) {
    assertTrue(Cursors.encode(beforeId).matches("[A-Za-z0-9_-]+"), Cursors.encode(beforeId));
  }

  /** Any string a client sends is either a cursor of some id or a 400 naming the cursor. */
  @Property(tries = 2000)
  void aForgedCursorIsA400(@ForAll String forged) {
    assertDecodesOrIsBadRequest(forged);
  }

  /** Well-formed base64 of something that is not a cursor's content is a 400 too. */
  @Property(tries = 1000)
  void base64OfAnythingElseIsA400(@ForAll String content) {
    Assume.that(!content.matches("c1:[+-]?[0-9]+"));
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(content.getBytes(StandardCharsets.UTF_8));
    assertBadRequest(forged);
  }

  /** A real cursor with one character changed decodes to some id or is a 400, never a 500. */
  @Property(tries = 1000)
  void aTamperedCursorIsAnIdOrA400(
      @ForAll long beforeId, @ForAll @IntRange(min = 0, max = 40) int at, @ForAll char with) {
    String cursor = Cursors.encode(beforeId);
    int i = at % cursor.length();
    assertDecodesOrIsBadRequest(cursor.substring(0, i) + with + cursor.substring(i + 1));
  }

  private static void assertDecodesOrIsBadRequest(String cursor) {
    long id;
    try {
      id = Cursors.decode(cursor);
    } catch (ApiProblem problem) {
      assertEquals(400, problem.status().intValue(), cursor);
      assertTrue(problem.detail().contains("cursor"), problem.detail());
      return;
    }
    // it decoded: then it held a cursor's content, "c1:" and that id
    String content = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    assertTrue(content.startsWith("c1:"), content);
    assertEquals(id, Long.parseLong(content.substring(3)), content);
  }

  private static void assertBadRequest(String cursor) {
    try {
      long id = Cursors.decode(cursor);
      throw new AssertionError(cursor + " decoded to " + id);
    } catch (ApiProblem problem) {
      assertEquals(400, problem.status().intValue(), cursor);
    }
  }
}
