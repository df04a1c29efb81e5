package dev.starling.media.store;

import java.util.Optional;

/**
 * The bytes one HTTP byte range (RFC 9110 §14.1.2) selects from an object of {@code size} bytes:
 * {@code offset} and {@code length}, as {@link MediaStore#open} takes them. Empty when the range is
 * not satisfiable (it starts at or past the end, or asks for an empty suffix): a 416.
 */
public record ByteSpan(long offset, long length) {

  /** The last byte's position. */
  public long last() {
    return offset + length - 1;
  }

  /** {@code bytes=first-last}; a last past the end stops at the end. */
  public static Optional<ByteSpan> slice(long first, long last, long size) {
    if (first >= size || last < first) {
      return Optional.empty();
    }
    return Optional.of(new ByteSpan(first, Math.min(last, size - 1) - first + 1));
  }

  /** {@code bytes=offset-}: from offset to the end. */
  public static Optional<ByteSpan> fromOffset(long offset, long size) {
    return slice(offset, size - 1, size);
  }

  /** {@code bytes=-length}: the last length bytes (all of them when there are fewer). */
  public static Optional<ByteSpan> suffix(long length, long size) {
    if (length <= 0 || size == 0) {
      return Optional.empty();
    }
    long taken = Math.min(length, size);
    return Optional.of(new ByteSpan(size - taken, taken));
  }
}
