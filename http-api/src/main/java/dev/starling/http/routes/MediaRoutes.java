package dev.starling.http.routes;

import dev.starling.app.MediaService;
import dev.starling.common.Stages;
import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.http.dto.UploadedMediaDto;
import dev.starling.media.MediaData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.Range;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;

/**
 * {@code POST /api/v1/media} (bearer token): the raw body is streamed to a spool file, its size and
 * SHA-256 computed on the way, and never held whole in memory. {@code GET
 * /api/v1/media/{id}/{sha256}} (no token: the URL is unguessable without the bytes) streams the
 * bytes back, immutable, with ETag, 304 and one byte range ({@link MediaBytes}).
 */
public final class MediaRoutes extends ApiDirectives {
  /** A year: the bytes at a URL never change (the URL names their SHA-256). */
  static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

  private final MediaService media;

  public MediaRoutes(MediaService media) {
    this.media = media;
  }

  public static String url(MediaData media) {
    return Representations.mediaUrl(media.id(), media.key());
  }

  public static UploadedMediaDto dto(MediaData media) {
    return new UploadedMediaDto(
        Long.toString(media.id()),
        media.contentType(),
        media.size(),
        url(media),
        media.width(),
        media.height());
  }

  /** The upload, for authenticated callers. */
  public Route routes(long callerId) {
    return path("media", () -> post(() -> upload(callerId)));
  }

  /** Serving, without a token. */
  public Route servingRoutes() {
    return pathPrefix(
        "media",
        () ->
            pathPrefix(
                PathMatchers.segment(),
                segment ->
                    withId(
                        segment,
                        mediaId ->
                            path(PathMatchers.segment(), key -> get(() -> serve(mediaId, key))))));
  }

  private Route upload(long callerId) {
    return extractRequestEntity(
        entity -> {
          String declared = entity.getContentType().mediaType().toString();
          long limit =
              media
                  .limitFor(declared)
                  .orElseThrow(
                      () ->
                          ApiProblem.unsupportedMediaType(
                              "Content-Type must be one of "
                                  + new TreeSet<>(MediaService.TYPES.keySet())));
          var length = entity.getContentLengthOption();
          if (length.isPresent() && length.getAsLong() > limit) {
            throw tooLarge(declared, limit);
          }
          return withSizeLimit(
              limit,
              () ->
                  extractMaterializer(
                      materializer ->
                          await(
                              spool(entity.withSizeLimit(limit), declared, limit, materializer),
                              spooled ->
                                  await(
                                      media.upload(callerId, declared, spooled),
                                      stored -> json(StatusCodes.CREATED, dto(stored))))));
        });
  }

  private static ApiProblem tooLarge(String contentType, long limit) {
    return new ApiProblem(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "Payload too large",
        "an upload of type " + contentType + " is at most " + limit + " bytes");
  }

  /** Writes the body to a spool file, counting and hashing it on the way. */
  private CompletionStage<MediaService.Spooled> spool(
      HttpEntity entity, String declared, long limit, Materializer materializer) {
    Path file = media.spoolFile();
    MessageDigest sha256 = MediaService.sha256();
    AtomicLong size = new AtomicLong();
    return Stages.plain(
            entity
                .getDataBytes()
                .map(
                    bytes -> {
                      sha256.update(bytes.asByteBuffer());
                      size.addAndGet(bytes.size());
                      return bytes;
                    })
                .runWith(FileIO.toPath(file), materializer))
        .handle(
            (io, failure) -> {
              if (failure != null) {
                deleteQuietly(file);
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                  if (cause instanceof EntityStreamSizeException) {
                    throw tooLarge(declared, limit);
                  }
                }
                throw failure instanceof RuntimeException runtime
                    ? runtime
                    : new UncheckedIOException(new IOException(failure));
              }
              return new MediaService.Spooled(
                  file, size.get(), HexFormat.of().formatHex(sha256.digest()));
            });
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // spool leftovers are harmless; nothing refers to them
    }
  }

  private Route serve(long mediaId, String key) {
    return await(
        media.live(mediaId),
        found -> {
          MediaData medium =
              found
                  .filter(m -> m.key().equals(key))
                  .orElseThrow(() -> ApiProblem.notFound("no media at this URL"));
          return respondWithHeaders(
              List.of(
                  RawHeader.create("Cache-Control", CACHE_CONTROL),
                  RawHeader.create("Accept-Ranges", "bytes")),
              () ->
                  conditional(
                      EntityTag.create(medium.key(), false),
                      () ->
                          optionalHeaderValueByType(
                              Range.class,
                              range ->
                                  complete(MediaBytes.response(media.store(), medium, range)))));
        });
  }
}
