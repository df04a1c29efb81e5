package dev.starling.media.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link MediaStore} must do; one subclass per implementation runs it. */
abstract class MediaStoreContract {
  @TempDir Path scratch;

  abstract MediaStore store();

  static String keyOf(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  Path file(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(scratch, "media", ".bin"), bytes);
  }

  static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void storesReadsWholeAndRangesAndDeletes() throws Exception {
    byte[] bytes = randomBytes(300_000, 1);
    String key = keyOf(bytes);
    assertEquals(OptionalLong.empty(), store().size(key));

    store().put(key, file(bytes), "image/png");

    assertEquals(OptionalLong.of(bytes.length), store().size(key));
    assertArrayEquals(bytes, read(store().open(key, 0, bytes.length)));
    assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 1010), read(store().open(key, 1000, 10)));
    assertArrayEquals(
        Arrays.copyOfRange(bytes, bytes.length - 7, bytes.length),
        read(store().open(key, bytes.length - 7, 7)));

    store().delete(key);
    assertEquals(OptionalLong.empty(), store().size(key));
    assertThrows(NoSuchFileException.class, () -> read(store().open(key, 0, 10)));
  }

  @Test
  void theSameBytesAreOneObjectAndAPutAgainChangesNothing() throws Exception {
    byte[] bytes = randomBytes(1000, 2);
    String key = keyOf(bytes);
    Path source = file(bytes);
    store().put(key, source, "image/gif");
    store().put(key, file(bytes), "image/gif");
    assertArrayEquals(bytes, read(store().open(key, 0, bytes.length)));
    assertTrue(Files.exists(source), "the caller's file stays where it was");
    store().delete(key);
    store().delete(key); // deleting what is gone is no error
  }

  @Test
  void anUnknownKeyIsNotFoundAndAMalformedOneRefused() throws Exception {
    String absent = keyOf(randomBytes(10, 3));
    assertThrows(NoSuchFileException.class, () -> read(store().open(absent, 0, 1)));
    assertThrows(IllegalArgumentException.class, () -> store().size("../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> store().put("ABC", file(new byte[1]), "x"));
  }

  @Test
  void anEmptyRangeOfAStoredObjectIsEmpty() throws Exception {
    byte[] bytes = randomBytes(64, 4);
    String key = keyOf(bytes);
    store().put(key, file(bytes), "video/mp4");
    assertEquals(0, read(store().open(key, 10, 0)).length);
    store().delete(key);
  }

  private byte[] ranged(String key, java.util.Optional<ByteSpan> span) throws IOException {
    ByteSpan satisfiable = span.orElseThrow();
    return read(store().open(key, satisfiable.offset(), satisfiable.length()));
  }

  /** Every form of HTTP byte range reads just its bytes, and one past the end selects nothing. */
  @Test
  void byteRangesReadJustTheirBytes() throws Exception {
    byte[] bytes = randomBytes(50_000, 5);
    String key = keyOf(bytes);
    long size = bytes.length;
    store().put(key, file(bytes), "video/mp4");

    // bytes=0-99: the first bytes
    assertArrayEquals(Arrays.copyOf(bytes, 100), ranged(key, ByteSpan.slice(0, 99, size)));
    // bytes=20000-20999: the middle
    assertArrayEquals(
        Arrays.copyOfRange(bytes, 20_000, 21_000),
        ranged(key, ByteSpan.slice(20_000, 20_999, size)));
    // bytes=49990-60000: a last byte past the end stops at the end
    assertArrayEquals(
        Arrays.copyOfRange(bytes, 49_990, 50_000),
        ranged(key, ByteSpan.slice(49_990, 60_000, size)));
    // bytes=-300: the last 300 bytes; bytes=-90000: all of them
    assertArrayEquals(
        Arrays.copyOfRange(bytes, 49_700, 50_000), ranged(key, ByteSpan.suffix(300, size)));
    assertArrayEquals(bytes, ranged(key, ByteSpan.suffix(90_000, size)));
    // bytes=45000-: to the end
    assertArrayEquals(
        Arrays.copyOfRange(bytes, 45_000, 50_000), ranged(key, ByteSpan.fromOffset(45_000, size)));
    // unsatisfiable (a 416): starting at or past the end, or an empty suffix
    assertTrue(ByteSpan.fromOffset(50_000, size).isEmpty());
    assertTrue(ByteSpan.slice(60_000, 60_010, size).isEmpty());
    assertTrue(ByteSpan.suffix(0, size).isEmpty());
    store().delete(key);
  }
}
