package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.http.dto.NewTweet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a request body must be before anything acts on it. */
class JsonTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          misspelled field            | {"text":"hi","visibilty":"followers"} | unknown field 'visibilty'
          duplicate field             | {"text":"hi","text":"again"}          | Duplicate field 'text'
          lone high surrogate         | {"text":"a\\ud800b"}                   | invalid value at 'text'
          lone low surrogate          | {"text":"\\udc00"}                     | invalid value at 'text'
          NUL character               | {"text":"a\\u0000b"}                   | U+0000
          escape character            | {"text":"\\u001b[31mred"}              | U+001B
          surrogate in a list         | {"text":"hi","media_ids":["\\ud83d"]}  | item 0 of 'media_ids'
          number for text             | {"text":5}                            | wrong JSON type at 'text'
          not an object               | []                                    | wrong JSON type
          malformed                   | {"text":                              | malformed JSON
          """)
  void aBodyThatCannotBeTakenAsIsIsA400NamingTheProblem(
      String name, String body, String expectedInDetail) {
    var problem = assertThrows(ApiProblem.class, () -> Json.read(body, NewTweet.class));
    assertEquals(400, problem.status().intValue());
    assertTrue(
        problem.detail().contains(expectedInDetail),
        () -> name + ": '" + problem.detail() + "' should contain '" + expectedInDetail + "'");
  }

  @Test
  void emojiZwjSequencesNonLatinScriptsAndLineBreaksAreText() {
    String text = "family 👨‍👩‍👧 #日本語 مرحبا\nsecond line\tand a tab";
    var body =
        "{\"text\":" + new String(Json.write(text), java.nio.charset.StandardCharsets.UTF_8) + "}";
    assertEquals(text, Json.read(body, NewTweet.class).text());
  }
}
