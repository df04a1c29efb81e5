package dev.starling.ops.servers;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of a server child JVM: runs the server's own main class and exits (running the
 * server's shutdown hooks) once the launching JVM is gone.
 *
 * <p>The launcher keeps the child's standard input open and never writes to it; the operating
 * system closes it when the launcher dies in any way, even by SIGKILL, where its own shutdown hooks
 * cannot run. Without this, a killed test JVM would leave a Cassandra and a Kafka running.
 *
 * <p>Usage: {@code java ... dev.starling.ops.servers.ExitWithParent <main class> [args...]}
 */
public final class ExitWithParent {
  private ExitWithParent() {}

  public static void main(String[] args) throws Throwable {
    Thread watcher = new Thread(ExitWithParent::exitWhenInputCloses, "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenInputCloses() {
    try {
      while (System.in.read() != -1) {
        // The launcher never writes; anything read is ignored.
      }
    } catch (IOException closed) {
      // Same meaning as end of input: the launcher is gone.
    }
    System.err.println("Launching JVM is gone: shutting down.");
    System.exit(1);
  }
}
