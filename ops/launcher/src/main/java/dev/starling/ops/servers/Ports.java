package dev.starling.ops.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What is listening where on this machine. */
public final class Ports {
  private static final int CONNECT_TIMEOUT_MILLIS = 500;

  private Ports() {}

  /** Whether something accepts TCP connections on {@code host:port} right now. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException notListening) {
      return false;
    }
  }

  /**
   * Fails with a clear message when a port is taken, rather than letting the server die on a bind
   * error buried in its log.
   */
  static void requireFree(String server, String host, int... ports) {
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(host, port));
      } catch (IOException inUse) {
        throw new IllegalStateException(
            server
                + " cannot start: "
                + host
                + ":"
                + port
                + " is already in use ("
                + inUse.getMessage()
                + ")");
      }
    }
  }
}
