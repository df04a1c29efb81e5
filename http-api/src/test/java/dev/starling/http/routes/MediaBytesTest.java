package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.starling.http.ApiProblem;
import dev.starling.media.MediaData;
import dev.starling.media.store.LocalMediaStore;
import dev.starling.media.store.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.http.javadsl.model.headers.Range;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranged responses read the store from the range's offset, not from the start. */
class MediaBytesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer materializer =
      Materializer.createMaterializer(testKit.system());

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** The local store, remembering the offset and length of every open. */
  static final class Recording implements MediaStore {
    final MediaStore store;
    final List<long[]> opened = new ArrayList<>();

    Recording(MediaStore store) {
      this.store = store;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
      store.put(key, file, contentType);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
      return store.size(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
      opened.add(new long[] {offset, length});
      return store.open(key, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
      store.delete(key);
    }
  }

  private byte[] body(HttpResponse response) throws Exception {
    return response
        .entity()
        .toStrict(10_000, materializer)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .getData()
        .toArray();
  }

  @Test
  void eachRangeIsReadFromItsOffset() throws Exception {
    byte[] bytes = new byte[100_000];
    new Random(5).nextBytes(bytes);
    String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    var store = new Recording(new LocalMediaStore(dir.resolve("store")));
    store.put(key, Files.write(dir.resolve("upload"), bytes), "video/mp4");
    var medium = new MediaData(1, 2, "video/mp4", bytes.length, key, null, null, Instant.now());

    HttpResponse middle =
        MediaBytes.response(
            store,
            medium,
            Optional.of(Range.create(RangeUnits.BYTES, ByteRange.createSlice(60_000, 60_009))));
    assertEquals(206, middle.status().intValue());
    assertArrayEquals(Arrays.copyOfRange(bytes, 60_000, 60_010), body(middle));
    assertArrayEquals(new long[] {60_000, 10}, store.opened.get(0));

    HttpResponse openEnded =
        MediaBytes.response(
            store,
            medium,
            Optional.of(Range.create(RangeUnits.BYTES, ByteRange.createFromOffset(99_990))));
    assertArrayEquals(Arrays.copyOfRange(bytes, 99_990, 100_000), body(openEnded));
    assertArrayEquals(new long[] {99_990, 10}, store.opened.get(1));

    HttpResponse whole = MediaBytes.response(store, medium, Optional.empty());
    assertEquals(200, whole.status().intValue());
    assertArrayEquals(bytes, body(whole));

    var unsatisfiable =
        assertThrows(
            ApiProblem.class,
            () ->
                MediaBytes.response(
                    store,
                    medium,
                    Optional.of(
                        Range.create(RangeUnits.BYTES, ByteRange.createFromOffset(100_000)))));
    assertEquals(416, unsatisfiable.status().intValue());
    assertEquals(3, store.opened.size(), "a 416 opens nothing");
  }
}
