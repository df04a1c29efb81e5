package dev.starling.ops.bench.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Finds the process id of the Starling node under test among this machine's JVMs. */
public final class NodeJvm {
  private static final Set<String> NODE_MAIN_CLASSES =
      Set.of("dev.starling.ops.StarlingUp", "dev.starling.node.Main");
  private static final int UNKNOWN_PORT = -1;

  private NodeJvm() {}

  /**
   * The one JVM running a node's main class whose {@code STARLING_HTTP_PORT} (default 8080) is
   * {@code httpPort}: other worktrees may run nodes of their own on this machine.
   *
   * @throws IllegalStateException when that leaves no JVM or more than one
   */
  public static long find(int httpPort) {
    List<Long> nodes =
        LocalJvms.list().stream()
            .filter(jvm -> NODE_MAIN_CLASSES.contains(jvm.mainClass()))
            .map(LocalJvms.Jvm::pid)
            .toList();
    List<Long> onPort =
        nodes.stream()
            .filter(
                pid -> {
                  int port = httpPortOf(pid);
                  return port == httpPort || port == UNKNOWN_PORT;
                })
            .toList();
    if (onPort.size() == 1) {
      return onPort.get(0);
    }
    throw new IllegalStateException(
        "cannot tell which JVM is the node on port "
            + httpPort
            + " (node JVMs: "
            + nodes
            + "); name it with --pid");
  }

  /** From the process environment (Linux); {@link #UNKNOWN_PORT} when it cannot be read. */
  private static int httpPortOf(long pid) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
        if (variable.startsWith("STARLING_HTTP_PORT=")) {
          return Integer.parseInt(variable.substring("STARLING_HTTP_PORT=".length()).trim());
        }
      }
      return 8080;
    } catch (IOException | NumberFormatException e) {
      return UNKNOWN_PORT;
    }
  }
}
