package dev.starling.tweet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TweetTextTest {

  @Test
  void exactly280LatinCharactersFit() {
    assertFalse(TweetText.parse("a".repeat(280)).isTooLong());
    assertTrue(TweetText.parse("a".repeat(281)).isTooLong());
  }

  @Test
  void cjkCharactersWeighTwo() {
    var text = TweetText.parse("你".repeat(140));
    assertEquals(280, text.weightedLength());
    assertTrue(TweetText.parse("你".repeat(141)).isTooLong());
  }

  @Test
  void everyUrlCountsTwentyThreeWhateverItsLength() {
    var url = "https://example.com/" + "x".repeat(200);
    assertEquals(23, TweetText.parse(url).weightedLength());
  }

  @Test
  void utf8SizeCountsEachCharacterAsItsEncodingDoes() {
    for (String text : List.of("plain", "é", "你好", "👨‍👩‍👧", "mixed 你 é 👍 end")) {
      assertEquals(
          text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
          TweetText.utf8Bytes(text),
          text);
    }
  }
}
