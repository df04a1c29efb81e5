package dev.starling.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The folder uploads are spooled to before they are checked and stored. Each upload deletes its own
 * files whatever the outcome, but a node that stops mid-upload leaves them behind; {@link
 * #removeStale} removes those at the node's start. Nodes may share the folder (they share the local
 * store's), so only files untouched for longer than any upload can last are removed, never another
 * node's upload under way.
 */
public final class UploadSpool {
  private static final String PREFIX = "upload-";
  private static final String SUFFIX = ".part";

  private final Path dir;

  public UploadSpool(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new empty file to spool a body into. */
  public Path newFile() {
    try {
      return Files.createTempFile(dir, PREFIX, SUFFIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes the spool files last written before {@code now - staleAfter}; answers how many. Other
   * files in the folder are left alone.
   */
  public int removeStale(Duration staleAfter, Instant now) {
    Instant before = now.minus(staleAfter);
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path file : files) {
        if (stale(file, before) && Files.deleteIfExists(file)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  private static boolean stale(Path file, Instant before) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(before);
    } catch (NoSuchFileException e) {
      return false; // its upload finished and removed it meanwhile
    }
  }
}
