package dev.starling.read.search;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analysis of tweet text ({@code starling.search.language}): Lucene's analyzer for the
 * language, which lower-cases, drops the language's stop words and stems, so "running" finds
 * "runs". One language per index: tweets carry no language, and changing it needs a rebuild
 * (documents and queries must be analysed alike). {@code standard} only splits and lower-cases, for
 * mixed-language deployments.
 */
public enum TextLanguage {
  ENGLISH,
  GERMAN,
  FRENCH,
  SPANISH,
  ITALIAN,
  PORTUGUESE,
  DUTCH,
  STANDARD;

  public static TextLanguage of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "starling.search.language: unknown language '"
              + name
              + "' (one of english, german, french, spanish, italian, portuguese, dutch,"
              + " standard)",
          e);
    }
  }

  public Analyzer analyzer() {
    return switch (this) {
      case ENGLISH -> new EnglishAnalyzer();
      case GERMAN -> new GermanAnalyzer();
      case FRENCH -> new FrenchAnalyzer();
      case SPANISH -> new SpanishAnalyzer();
      case ITALIAN -> new ItalianAnalyzer();
      case PORTUGUESE -> new PortugueseAnalyzer();
      case DUTCH -> new DutchAnalyzer();
      case STANDARD -> new StandardAnalyzer();
    };
  }
}
