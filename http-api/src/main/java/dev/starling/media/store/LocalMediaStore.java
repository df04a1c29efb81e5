package dev.starling.media.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Media in a local folder: {@code <root>/objects/ab/<key>}. A write copies into {@code <root>/tmp}
 * and then renames atomically into place, so a reader sees the whole object or none.
 */
public final class LocalMediaStore implements MediaStore {
  private final Path objects;
  private final Path tmp;

  public LocalMediaStore(Path root) throws IOException {
    this.objects = Files.createDirectories(root.resolve("objects"));
    this.tmp = Files.createDirectories(root.resolve("tmp"));
  }

  /** The folder for temporary files on the same disk as the objects (uploads spool there). */
  public Path tmpFolder() {
    return tmp;
  }

  private Path path(String key) {
    MediaStore.checkedKey(key);
    return objects.resolve(key.substring(0, 2)).resolve(key);
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    Path target = path(key);
    if (Files.exists(target)) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path partial = tmp.resolve(key + "." + UUID.randomUUID() + ".part");
    try {
      Files.copy(file, partial);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    try {
      return OptionalLong.of(Files.size(path(key)));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
    try {
      channel.position(offset);
      return new BoundedStream(Channels.newInputStream(channel), length);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }
}
