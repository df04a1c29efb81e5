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
}
