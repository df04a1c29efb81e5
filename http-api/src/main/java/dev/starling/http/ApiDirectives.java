package dev.starling.http;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** Directives every resource needs: JSON in and out, ids in paths, page parameters. */
public abstract class ApiDirectives extends AllDirectives {
  public static final long JSON_BODY_LIMIT = 64 * 1024;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  protected Route json(StatusCode status, Object body) {
    return complete(
        HttpResponse.create()
            .withStatus(status)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(body))));
  }

  protected <T> Route await(CompletionStage<T> stage, Function<T, Route> inner) {
    return onSuccess(stage, inner);
  }

  /** Reads a JSON object body of at most 64 KiB into {@code type}. */
  protected <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
    return withSizeLimit(
        JSON_BODY_LIMIT,
        () ->
            extractRequestEntity(
                entity -> {
                  if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                    throw ApiProblem.unsupportedMediaType("the body must be application/json");
                  }
                  return entity(
                      Unmarshaller.entityToString(), body -> inner.apply(Json.read(body, type)));
                }));
  }

  /**
   * A numeric id path segment. Anything else does not match, so sibling routes (and a 405 for a
   * wrong method on them) still get their chance; if none matches the answer is 404.
   */
  protected Route withId(String segment, Function<Long, Route> inner) {
    long id;
    try {
      id = Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return reject();
    }
    return inner.apply(id);
  }

  /**
   * {@code cursor} (opaque) and {@code limit} (1..100, default 20) query parameters, for lists
   * newest first: the inner route gets the id to start below.
   */
  protected Route page(BiFunction<Long, Integer, Route> inner) {
    return page(Long.MAX_VALUE, inner);
  }

  /** Like {@link #page(BiFunction)} for lists oldest first: the id to start above. */
  protected Route pageOldestFirst(BiFunction<Long, Integer, Route> inner) {
    return page(Long.MIN_VALUE, inner);
  }

  /** The {@code limit} query parameter (1..100, default 20) of a list that has no cursor. */
  protected Route limit(Function<Integer, Route> inner) {
    return parameterOptional("limit", limit -> inner.apply(parseLimit(limit)));
  }

  private Route page(long firstPageBound, BiFunction<Long, Integer, Route> inner) {
    return parameterOptional(
        "cursor",
        cursor ->
            parameterOptional(
                "limit",
                limit ->
                    inner.apply(
                        cursor.map(Cursors::decode).orElse(firstPageBound), parseLimit(limit))));
  }

  private static int parseLimit(Optional<String> raw) {
    if (raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.get());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below like any other out-of-range value
    }
    throw ApiProblem.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
  }
}
