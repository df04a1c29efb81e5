package dev.starling.ops.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a server's log file written since one launch: earlier runs append to the same file,
 * and their lines must not count.
 */
final class ServerLog {
  private static final int TAIL_BYTES = 16 * 1024;

  private final Path file;
  private final long start;
  private long scannedUpTo;

  private ServerLog(Path file, long start) {
    this.file = file;
    this.start = start;
    this.scannedUpTo = start;
  }

  /** Marks the current end of {@code file}: only what is written after this counts. */
  static ServerLog fromEndOf(Path file) {
    try {
      return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file() {
    return file;
  }

  /** Whether a complete line written since the last call contains {@code text}. */
  boolean newLinesContain(String text) {
    byte[] written = read(scannedUpTo, Integer.MAX_VALUE);
    int end = lastIndexOf(written, (byte) '\n') + 1;
    scannedUpTo += end;
    return new String(written, 0, end, StandardCharsets.UTF_8).contains(text);
  }

  /** The last lines written since the launch, for error messages. */
  String tail(int lines) {
    long size = size();
    long from = Math.max(start, size - TAIL_BYTES);
    List<String> all = new String(read(from, TAIL_BYTES), StandardCharsets.UTF_8).lines().toList();
    if (from > start && !all.isEmpty()) {
      all = all.subList(1, all.size());
    }
    return String.join(
        System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private long size() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] read(long from, int maxBytes) {
    if (!Files.exists(file)) {
      return new byte[0];
    }
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer buffer =
          ByteBuffer.allocate((int) Math.min(maxBytes, Math.max(0, channel.size() - from)));
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
        // read() may return fewer bytes than asked for
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lastIndexOf(byte[] bytes, byte value) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
