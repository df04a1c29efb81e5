package dev.starling.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSpoolTest {
  @TempDir Path dir;

  @Test
  void removesOnlySpoolFilesUntouchedForLongerThanAnUploadCanTake() throws Exception {
    var spool = new UploadSpool(dir.resolve("spool"));
    Instant now = Instant.now();
    Path leftBehind = spool.newFile();
    Files.setLastModifiedTime(leftBehind, FileTime.from(now.minus(Duration.ofHours(2))));
    Path underWay = spool.newFile();
    Path notOurs = Files.writeString(dir.resolve("spool").resolve("notes.txt"), "keep");
    Files.setLastModifiedTime(notOurs, FileTime.from(now.minus(Duration.ofHours(2))));

    assertEquals(1, spool.removeStale(Duration.ofHours(1), now));

    assertFalse(Files.exists(leftBehind), "a crashed upload's file is removed");
    assertTrue(Files.exists(underWay), "an upload under way (another node's) keeps its file");
    assertTrue(Files.exists(notOurs), "files that are not spool files stay");
    assertEquals(0, spool.removeStale(Duration.ofHours(1), now));
  }
}
