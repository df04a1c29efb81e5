package dev.starling.ops.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports nobody listens on right now, so that a stack of our own never meets one already running.
 */
final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct ports the kernel handed out for 127.0.0.1, all released again. */
  static List<Integer> take(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        // Held open together so the kernel cannot hand out the same port twice.
        held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a socket that only reserved a number: nothing to do if it fails.
        }
      }
    }
  }
}
