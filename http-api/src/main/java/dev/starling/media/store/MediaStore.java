package dev.starling.media.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Where media bytes live. Objects are content-addressed: the key is the lower-case hex SHA-256 of
 * the bytes, so an object never changes once written and two uploads of the same bytes share it.
 * Writes are atomic: an object is either wholly there or not there at all, never half-written.
 * Calls block (file or network I/O); callers run them off the actor threads.
 */
public interface MediaStore extends AutoCloseable {
  Pattern KEY = Pattern.compile("[0-9a-f]{64}");

  /**
   * Stores the bytes of {@code file} under {@code key} unless an object with that key is already
   * there (same key, same bytes). The file is left in place.
   */
  void put(String key, Path file, String contentType) throws IOException;

  /** The object's size, or empty when there is no object with that key. */
  OptionalLong size(String key) throws IOException;

  /**
   * {@code length} bytes of the object starting at {@code offset}; the stream must be closed.
   *
   * @throws java.nio.file.NoSuchFileException when there is no object with that key
   */
  InputStream open(String key, long offset, long length) throws IOException;

  /** Removes the object; nothing happens when it is not there. */
  void delete(String key) throws IOException;

  @Override
  default void close() {}

  static String checkedKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("a media key is 64 lower-case hex digits: " + key);
    }
    return key;
  }
}
