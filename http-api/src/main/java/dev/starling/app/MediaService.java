package dev.starling.app;

import dev.starling.common.Outcome;
import dev.starling.common.Snowflake;
import dev.starling.media.Media;
import dev.starling.media.MediaData;
import dev.starling.media.MediaObject;
import dev.starling.media.store.MediaStore;
import dev.starling.read.media.MediaSchedule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * Uploads and looks up media. An upload arrives spooled to a file (never whole in memory); this
 * checks that its bytes are what the client declared (Apache Tika's magic-byte detector), records
 * its dimensions, strips EXIF from JPEGs (camera position among it), puts the bytes into the media
 * store under their SHA-256 and persists the medium. Storage calls block, so they run on {@code
 * blocking}.
 */
public final class MediaService {
  public enum Kind {
    IMAGE,
    VIDEO
  }

  /** The content types an upload may declare, and what kind of medium each is. */
  public static final Map<String, Kind> TYPES =
      Map.of(
          "image/png", Kind.IMAGE,
          "image/jpeg", Kind.IMAGE,
          "image/gif", Kind.IMAGE,
          "image/webp", Kind.IMAGE,
          "video/mp4", Kind.VIDEO);

  /** A request body written to a file, with its size and SHA-256 computed on the way. */
  public record Spooled(Path file, long size, String sha256) {}

  private final Entities entities;
  private final MediaStore store;
  private final Snowflake ids;
  private final Clock clock;
  private final Executor blocking;
  private final long maxImageBytes;
  private final long maxVideoBytes;
  private final UploadSpool spool;
  private final MediaSchedule schedule;
  private final Duration expiry;
  private final Detector detector = MimeTypes.getDefaultMimeTypes();

  public MediaService(
      Entities entities,
      MediaStore store,
      Snowflake ids,
      Clock clock,
      Executor blocking,
      long maxImageBytes,
      long maxVideoBytes,
      UploadSpool spool,
      MediaSchedule schedule,
      Duration expiry) {
    this.entities = entities;
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.blocking = blocking;
    this.maxImageBytes = maxImageBytes;
    this.maxVideoBytes = maxVideoBytes;
    this.spool = spool;
    this.schedule = schedule;
    this.expiry = expiry;
  }

  /** The byte limit for a declared content type; empty when the type is not accepted. */
  public Optional<Long> limitFor(String contentType) {
    Kind kind = TYPES.get(contentType);
    if (kind == null) {
      return Optional.empty();
    }
    return Optional.of(kind == Kind.IMAGE ? maxImageBytes : maxVideoBytes);
  }

  /** A new empty file to spool a body into. */
  public Path spoolFile() {
    return spool.newFile();
  }

  public MediaStore store() {
    return store;
  }

  /**
   * Checks, stores and records a spooled upload of the caller's; the spooled files are deleted
   * whatever the outcome. The medium holds its object ({@link MediaObject}) before the bytes are
   * written, so a sweep removing the same bytes for another medium cannot remove them under it, and
   * the medium's expiry is scheduled for the sweeper.
   */
  public CompletionStage<MediaData> upload(long callerId, String declaredType, Spooled body) {
    long id = ids.next();
    var prepared = CompletableFuture.supplyAsync(() -> prepared(declaredType, body), blocking);
    return prepared
        .thenCompose(
            kept ->
                entities
                    .<MediaObject.Command, org.apache.pekko.Done>ask(
                        MediaObject.ENTITY_KEY, kept.sha256(), r -> new MediaObject.Hold(id, r))
                    .thenApplyAsync(held -> put(kept, declaredType), blocking))
        .thenCompose(
            stored -> {
              var media =
                  new MediaData(
                      id,
                      callerId,
                      declaredType,
                      stored.size(),
                      stored.sha256(),
                      stored.width(),
                      stored.height(),
                      clock.instant());
              return entities.<Media.Command, Outcome<MediaData>>ask(
                  Media.ENTITY_KEY, Long.toString(id), r -> new Media.Upload(media, r));
            })
        .thenCompose(Outcomes::accepted)
        .thenCompose(
            media ->
                schedule
                    .schedule(media.id(), media.uploadedAt().plus(expiry))
                    .thenApply(done -> media))
        .whenComplete(
            (done, failure) -> {
              deleteQuietly(body.file());
              prepared.thenAccept(kept -> deleteQuietly(kept.file()));
            });
  }

  /** The medium if it may be served now: uploaded, not expired, not released. */
  public CompletionStage<Optional<MediaData>> live(long mediaId) {
    return entities.<Media.Command, Optional<MediaData>>ask(
        Media.ENTITY_KEY, Long.toString(mediaId), r -> new Media.Get(clock.instant(), r));
  }

  private record Stored(long size, String sha256, Integer width, Integer height) {}

  /** The bytes to keep: the body, or a JPEG body without EXIF (a file of its own). */
  private Spooled prepared(String declaredType, Spooled body) {
    try {
      if (body.size() == 0) {
        throw Rejected.invalid("the body is empty");
      }
      String detected = detect(body.file());
      if (!sameType(declaredType, detected, body.file())) {
        throw Rejected.invalid(
            "the body is " + detected + ", not the declared Content-Type " + declaredType);
      }
      return declaredType.equals("image/jpeg") ? withoutExif(body) : body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Stored put(Spooled kept, String declaredType) {
    try {
      int[] size = Dimensions.of(declaredType, kept.file());
      store.put(kept.sha256(), kept.file(), declaredType);
      return new Stored(
          kept.size(), kept.sha256(), size == null ? null : size[0], size == null ? null : size[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the detected type is the declared one. MP4 files whose major brand is the generic
   * {@code isom} (most encoders write it) are what Tika's magic calls video/quicktime; both are ISO
   * base media files, so they pass for video/mp4 unless the brand says QuickTime ({@code qt}).
   */
  private static boolean sameType(String declared, String detected, Path file) throws IOException {
    if (detected.equals(declared)) {
      return true;
    }
    if (declared.equals("video/mp4")) {
      if (detected.equals("video/x-m4v") || detected.equals("application/mp4")) {
        return true;
      }
      if (detected.equals("video/quicktime")) {
        byte[] head = new byte[12];
        try (InputStream in = Files.newInputStream(file)) {
          if (in.readNBytes(head, 0, head.length) < head.length) {
            return false;
          }
        }
        String box = new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return box.equals("ftyp") && !brand.equals("qt  ");
      }
    }
    return false;
  }

  private String detect(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return detector.detect(in, new Metadata()).getBaseType().toString();
    }
  }

  /** The JPEG without its EXIF segment, hashed again. */
  private Spooled withoutExif(Spooled jpeg) throws IOException {
    Path stripped = spoolFile();
    try (OutputStream out = Files.newOutputStream(stripped)) {
      new ExifRewriter().removeExifMetadata(jpeg.file().toFile(), out);
    } catch (org.apache.commons.imaging.ImagingException e) {
      deleteQuietly(stripped);
      throw Rejected.invalid("the body is not a well-formed JPEG: " + e.getMessage());
    }
    MessageDigest sha256 = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(stripped), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return new Spooled(stripped, Files.size(stripped), HexFormat.of().formatHex(sha256.digest()));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a spool file left behind is removed at the next start (UploadSpool); nothing refers to it
    }
  }

  /** Width and height of images, best effort: null when they cannot be read. */
  static final class Dimensions {
    private Dimensions() {}

    static int[] of(String contentType, Path file) {
      try {
        if (contentType.equals("image/webp")) {
          return webp(file);
        }
        if (contentType.startsWith("image/")) {
          return imageIo(file);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
      return null;
    }

    private static int[] imageIo(Path file) throws IOException {
      try (var in = ImageIO.createImageInputStream(file.toFile())) {
        var readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
          return null;
        }
        ImageReader reader = readers.next();
        try {
          reader.setInput(in, true, true);
          return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } finally {
          reader.dispose();
        }
      }
    }

    /** The canvas size from a WebP header (VP8, VP8L or VP8X chunk first). */
    private static int[] webp(Path file) throws IOException {
      byte[] h = new byte[30];
      try (InputStream in = Files.newInputStream(file)) {
        if (in.readNBytes(h, 0, h.length) < h.length) {
          return null;
        }
      }
      String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
      switch (chunk) {
        case "VP8X":
          return new int[] {1 + u24(h, 24), 1 + u24(h, 27)};
        case "VP8L":
          {
            int b0 = h[21] & 0xff, b1 = h[22] & 0xff, b2 = h[23] & 0xff, b3 = h[24] & 0xff;
            int width = 1 + (((b1 & 0x3f) << 8) | b0);
            int height = 1 + (((b3 & 0xf) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6));
            return new int[] {width, height};
          }
        case "VP8 ":
          return new int[] {u16(h, 26) & 0x3fff, u16(h, 28) & 0x3fff};
        default:
          return null;
      }
    }

    private static int u16(byte[] b, int at) {
      return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u24(byte[] b, int at) {
      return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
  }
}
