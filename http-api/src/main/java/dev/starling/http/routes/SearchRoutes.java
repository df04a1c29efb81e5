package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.read.search.SearchQuery;
import dev.starling.read.search.SearchTerms;
import dev.starling.read.search.SearchTermsParser;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/search?q&type=tweets|users|hashtags&cursor&limit}: tweets newest first, users
 * by handle or display-name prefix, hashtags by prefix with their tweet counts.
 */
public final class SearchRoutes extends ApiDirectives {
  /** Longest {@code q} accepted, in characters: a search, not a document. */
  public static final int MAX_QUERY_LENGTH = 500;

  private final SearchQuery search;

  public SearchRoutes(SearchQuery search) {
    this.search = search;
  }

  public Route routes(long callerId) {
    return path(
        "search",
        () ->
            get(
                () ->
                    parameterOptional(
                        "q",
                        q ->
                            parameterOptional(
                                "type",
                                type ->
                                    page(
                                        (before, limit) ->
                                            search(callerId, query(q), type, before, limit))))));
  }

  private Route search(long callerId, String q, Optional<String> type, long before, int limit) {
    switch (type.orElse("tweets")) {
      case "tweets":
        return await(
            search.tweets(callerId, terms(q), before, limit),
            page -> json(StatusCodes.OK, Representations.tweets(page)));
      case "users":
        return await(
            search.users(callerId, prefix(q, '@'), before, limit),
            page -> json(StatusCodes.OK, Representations.users(page)));
      case "hashtags":
        return await(
            search.hashtags(prefix(q, '#'), limit),
            found -> json(StatusCodes.OK, Representations.hashtags(found)));
      default:
        throw ApiProblem.badRequest("type must be one of tweets, users, hashtags");
    }
  }

  private static String query(Optional<String> q) {
    if (q.isEmpty() || q.get().isBlank()) {
      throw ApiProblem.badRequest("q must not be empty");
    }
    if (q.get().length() > MAX_QUERY_LENGTH) {
      throw ApiProblem.badRequest("q must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    return q.get();
  }

  private static SearchTerms terms(String q) {
    try {
      return SearchTermsParser.parse(q);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("q: " + e.getMessage());
    }
  }

  /** The prefix a user or hashtag search looks for, without its optional sigil. */
  private static String prefix(String q, char sigil) {
    String prefix = q.trim();
    if (prefix.charAt(0) == sigil) {
      prefix = prefix.substring(1).trim();
    }
    if (prefix.isEmpty()) {
      throw ApiProblem.badRequest("q must hold a prefix to search for");
    }
    return prefix;
  }
}
