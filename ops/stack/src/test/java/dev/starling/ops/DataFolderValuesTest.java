package dev.starling.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values `ops/starling up` keeps in its data folder, so every start of a folder agrees. */
class DataFolderValuesTest {
  @TempDir Path folder;

  @Test
  void theAdminTokenIsMadeOnceReadableByItsOwnerOnlyAndKept() throws IOException {
    assumeTrue(System.getenv("STARLING_ADMIN_TOKEN") == null, "STARLING_ADMIN_TOKEN is set");
    String token = StarlingUp.adminToken(folder.resolve("data"));
    Path file = folder.resolve("data").resolve(StarlingUp.ADMIN_TOKEN_FILE);
    assertTrue(token.matches("[0-9a-f]{64}"), token);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(token, StarlingUp.adminToken(folder.resolve("data")));
    assertNotEquals(token, StarlingUp.adminToken(folder.resolve("other")));
  }

  @Test
  void aNewFolderKeepsTheHourBeforeItsFirstStartAndAnOldJournalKeepsTheConfiguredDay()
      throws IOException {
    assumeTrue(
        System.getenv("STARLING_FIRST_TIME_BUCKET") == null, "STARLING_FIRST_TIME_BUCKET is set");
    Path fresh = folder.resolve("fresh");
    String bucket = StarlingUp.firstTimeBucket(fresh, true).orElseThrow();
    assertTrue(bucket.matches("\\d{8}T\\d{2}:00"), bucket);
    assertEquals(bucket + "\n", Files.readString(fresh.resolve(StarlingUp.FIRST_TIME_BUCKET_FILE)));
    // later starts find a journal, and keep reading the bucket the first one chose
    assertEquals(bucket, StarlingUp.firstTimeBucket(fresh, false).orElseThrow());

    Path old = folder.resolve("old");
    assertTrue(StarlingUp.firstTimeBucket(old, false).isEmpty());
    assertFalse(Files.exists(old.resolve(StarlingUp.FIRST_TIME_BUCKET_FILE)));
  }
}
