package dev.starling.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTermsParserTest {

  @Test
  void wordsAreSplitOnWhiteSpace() {
    var terms = SearchTermsParser.parse("  quick\tbrown  fox ");
    assertEquals(List.of("quick", "brown", "fox"), terms.words());
  }

  @Test
  void quotedTextIsOnePhrase() {
    var terms = SearchTermsParser.parse("say \"hello big world\" now");
    assertEquals(List.of("hello big world"), terms.phrases());
    assertEquals(List.of("say", "now"), terms.words());
  }

  @Test
  void anUnclosedQuoteRunsToTheEnd() {
    assertEquals(List.of("to the end"), SearchTermsParser.parse("\"to the end").phrases());
  }

  @Test
  void hashtagsMentionsAndAuthorsAreLowerCasedWithoutSigils() {
    var terms = SearchTermsParser.parse("#Java @Ada from:Grace from:@Linus");
    assertEquals(List.of("java"), terms.hashtags());
    assertEquals(List.of("ada"), terms.mentions());
    assertEquals(List.of("grace", "linus"), terms.fromHandles());
    assertEquals(List.of(), terms.words());
  }

  @Test
  void everyFormCombines() {
    var terms = SearchTermsParser.parse("release \"version two\" #java @ada from:grace");
    assertEquals(
        new SearchTerms(
            List.of("release"),
            List.of("version two"),
            List.of("java"),
            List.of("ada"),
            List.of("grace")),
        terms);
  }

  @Test
  void aSigilWithoutANameIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> SearchTermsParser.parse("java #"));
    assertThrows(IllegalArgumentException.class, () -> SearchTermsParser.parse("@"));
    assertThrows(IllegalArgumentException.class, () -> SearchTermsParser.parse("from:"));
  }

  @Test
  void nothingToSearchForIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> SearchTermsParser.parse("   "));
    assertThrows(IllegalArgumentException.class, () -> SearchTermsParser.parse("\"\" \"  \""));
  }
}
