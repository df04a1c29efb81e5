package dev.starling.ops.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Starling node in a JVM of its own: the second and later nodes of {@code ops/starling up --nodes
 * N}, and the node a test kills with SIGKILL. Its settings go in as {@code -D} system properties,
 * which the node's configuration lays over everything else. Its output goes to {@code
 * <dataDir>/<name>.log}; it exits when this JVM does (see {@link ExitWithParent}), and a launcher
 * started later on the same folder stops one an earlier, killed launcher left behind.
 */
public final class NodeProcess implements AutoCloseable {
  /** The node's entry point (cluster-config; this module does not depend on it). */
  private static final String MAIN = "dev.starling.node.Main";

  private static final String READY_LINE = "Starling node ";

  private final String name;
  private final ChildJvm jvm;

  private NodeProcess(String name, ChildJvm jvm) {
    this.name = name;
    this.jvm = jvm;
  }

  /**
   * Starts a node and waits until it has started (its start-up log line, and its cluster port
   * taking connections).
   *
   * @param classpath the node's classpath (cluster-config and everything it needs)
   * @param heap the JVM's fixed heap, e.g. {@code 512m}
   * @param settings configuration paths and values, e.g. {@code starling.http.port}; {@code
   *     pekko.remote.artery.canonical.port} must be among them (readiness is checked on it)
   * @throws IllegalStateException if the node exits or is not ready within 120 s; the message ends
   *     with the last lines of its log
   */
  public static NodeProcess start(
      String name, Path dataDir, String classpath, String heap, Map<String, ?> settings) {
    Object remotePort = settings.get("pekko.remote.artery.canonical.port");
    if (remotePort == null) {
      throw new IllegalArgumentException("a node process needs a fixed cluster port");
    }
    ChildJvm.stopLeftover(name, dataDir);
    List<String> options = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
    new TreeMap<String, Object>(settings)
        .forEach((path, value) -> options.add("-D" + path + "=" + value));
    var jvm =
        ChildJvm.launch(
            name,
            dataDir,
            classpath,
            options,
            MAIN,
            List.of(),
            new ChildJvm.ReadyWhen(
                READY_LINE, "127.0.0.1", Integer.parseInt(String.valueOf(remotePort))));
    return new NodeProcess(name, jvm);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return jvm.pid();
  }

  public Path logFile() {
    return jvm.logFile();
  }

  /** SIGKILL: no coordinated shutdown, no leaving the cluster; the others must down it. */
  public void kill() {
    jvm.kill();
  }

  /** SIGTERM (the node leaves the cluster and hands its shards over), SIGKILL after 30 s. */
  @Override
  public void close() {
    jvm.close();
  }
}
