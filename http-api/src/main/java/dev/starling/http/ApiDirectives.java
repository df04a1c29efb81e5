package dev.starling.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
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

  /**
   * A representation the caller may keep and revalidate: its {@code ETag} is a digest of its bytes,
   * and a request whose {@code If-None-Match} names it (weak comparison, RFC 9110) is answered
   * {@code 304} without a body. {@code private, no-cache}: it is what this caller sees (liked,
   * retweeted) and its counts change, so no shared cache keeps it and every reuse asks first.
   */
  protected Route revalidated(Object body) {
    byte[] bytes = Json.write(body);
    String tag = digest(bytes);
    List<HttpHeader> headers =
        List.of(
            ETag.create(EntityTag.create(tag, false)),
            CacheControl.create(CacheDirectives.PRIVATE(), CacheDirectives.NO_CACHE));
    return optionalHeaderValueByName(
        "If-None-Match",
        ifNoneMatch -> {
          if (ifNoneMatch.isPresent() && names(ifNoneMatch.get(), tag)) {
            return complete(
                HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers));
          }
          return complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.OK)
                  .addHeaders(headers)
                  .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes)));
        });
  }

  private static boolean names(String ifNoneMatch, String tag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.equals("*")) {
        return true;
      }
      if (trimmed.startsWith("W/")) {
        trimmed = trimmed.substring(2);
      }
      if (trimmed.equals("\"" + tag + "\"")) {
        return true;
      }
    }
    return false;
  }

  /** A strong entity tag for {@code bytes}: the start of their SHA-256, URL-safe. */
  protected static String digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  protected <T> Route await(CompletionStage<T> stage, Function<T, Route> inner) {
    return onSuccess(stage, inner);
  }

  /**
   * For a route that takes no body: whatever body the client sent is read to its end and dropped
   * before {@code inner} runs. Otherwise the answer could go out before the request had fully
   * arrived, and Pekko then closes the connection, so the client would open another for its next
   * request (and the action would run for a request that might never have been finished).
   */
  protected Route bodyless(Supplier<Route> inner) {
    return extractRequestEntity(
        entity ->
            entity.isStrict()
                ? inner.get()
                : extractMaterializer(
                    materializer ->
                        onSuccess(
                            entity.discardBytes(materializer).completionStage(),
                            drained -> inner.get())));
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
