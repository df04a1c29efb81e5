package dev.starling.media.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMediaStoreTest extends MediaStoreContract {
  @TempDir Path root;
  private LocalMediaStore store;

  @BeforeEach
  void open() throws Exception {
    store = new LocalMediaStore(root);
  }

  @Override
  MediaStore store() {
    return store;
  }

  @Test
  void noPartialFileIsLeftBehindAndObjectsLiveUnderTheirKey() throws Exception {
    byte[] bytes = randomBytes(5000, 9);
    String key = keyOf(bytes);
    store.put(key, file(bytes), "image/png");
    try (var left = Files.list(store.tmpFolder())) {
      assertEquals(0, left.count());
    }
    assertEquals(
        5000, Files.size(root.resolve("objects").resolve(key.substring(0, 2)).resolve(key)));
  }
}
