package dev.starling.ops.servers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops, when this JVM exits, every server it started and has not closed yet, so that no Cassandra
 * or Kafka outlives the JVM that needed it.
 *
 * <p>The JVM runs its shutdown hooks all at once, in no order. Whatever uses the servers (a
 * Starling node) must stop before them, so it registers here with {@link #onJvmExitFirst} instead
 * of adding a hook of its own.
 */
public final class ServerShutdown {
  private static final Logger log = LoggerFactory.getLogger(ServerShutdown.class);
  private static final List<Runnable> firstSteps = new CopyOnWriteArrayList<>();
  private static final Set<ChildJvm> running = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ServerShutdown::onJvmExit, "starling-server-shutdown"));
  }

  private ServerShutdown() {}

  /** Runs {@code step} when the JVM exits, before the servers still running are stopped. */
  public static void onJvmExitFirst(Runnable step) {
    firstSteps.add(step);
  }

  static void track(ChildJvm server) {
    running.add(server);
  }

  static void untrack(ChildJvm server) {
    running.remove(server);
  }

  private static void onJvmExit() {
    for (Runnable step : firstSteps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        log.error("Shutdown step failed; stopping the servers anyway", e);
      }
    }
    Concurrently.closeAll(List.copyOf(running));
  }
}
