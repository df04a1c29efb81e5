package dev.starling.ops.bench.stack;

import dev.starling.ops.bench.http.Endpoint;
import dev.starling.ops.bench.http.HttpConnection;
import dev.starling.ops.bench.http.HttpRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A whole stack (Cassandra, Kafka, one node) that the benchmark starts for itself with {@code
 * ops/starling up}, on a fresh temporary data folder and free ports, so a run is reproducible, can
 * choose node settings, and never meets a stack already running. Closing it (also on Ctrl-C, from a
 * shutdown hook) stops it with SIGTERM — the node first, then Kafka and Cassandra, as {@code up}
 * does — and deletes the folder but the node's output, unless the run failed by itself (not
 * interrupted), when the whole folder is kept for its logs.
 */
public final class OwnStack implements AutoCloseable {
  public static final String KEYSPACE = "starling";

  private static final Duration READY_POLL = Duration.ofSeconds(1);
  private static final Duration STOP_GRACE = Duration.ofSeconds(90);
  private static final int LOG_LINES_IN_ERRORS = 30;

  private final Process process;
  private final Path folder;
  private final Path log;
  private final StackPorts ports;
  private final PrintStream out;
  private final Thread stopOnExit;
  private volatile boolean failed;
  private boolean closed;

  private OwnStack(Process process, Path folder, Path log, StackPorts ports, PrintStream out) {
    this.process = process;
    this.folder = folder;
    this.log = log;
    this.ports = ports;
    this.out = out;
    this.stopOnExit = new Thread(this::close, "stop-own-stack");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts {@code <repoRoot>/ops/starling up} and waits until the node answers {@code GET
   * /health/ready} with 200.
   *
   * @param nodeSettings environment for the node on top of ports and data folder, e.g. {@code
   *     STARLING_CELEBRITY_THRESHOLD}; every other {@code STARLING_*} variable of this process is
   *     left out, so that the run does not depend on the caller's shell
   * @throws IllegalStateException when it exits or is not ready in time; the message ends with the
   *     last lines of its output
   */
  public static OwnStack start(
      Path repoRoot, Map<String, String> nodeSettings, Duration readyTimeout, PrintStream out) {
    Path folder = createFolder();
    Path log = folder.resolve("up.log");
    StackPorts ports = StackPorts.free();
    ProcessBuilder builder =
        new ProcessBuilder(repoRoot.resolve("ops/starling").toString(), "up")
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("STARLING_"));
    env.putAll(nodeSettings);
    env.put("STARLING_CASSANDRA_KEYSPACE", KEYSPACE);
    env.putAll(ports.environment());
    env.put("STARLING_DATA_DIR", folder.resolve("data").toString());
    out.printf("Starting a stack of its own: ops/starling up in %s (output: %s)%n", folder, log);
    long started = System.nanoTime();
    OwnStack stack;
    try {
      stack = new OwnStack(builder.start(), folder, log, ports, out);
    } catch (IOException e) {
      throw new IllegalStateException("could not run ops/starling up", e);
    }
    try {
      stack.awaitReady(readyTimeout);
    } catch (RuntimeException e) {
      stack.failed = true;
      stack.close();
      throw e;
    }
    out.printf(
        Locale.ROOT,
        "Stack ready after %.1f s: node %s (pid %d), Cassandra 127.0.0.1:%d%n",
        (System.nanoTime() - started) / 1e9,
        stack.endpoint(),
        stack.nodePid(),
        ports.cql());
    return stack;
  }

  private static Path createFolder() {
    try {
      return Files.createTempDirectory("starling-bench-timelines-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] ready = HttpRequest.get("/health/ready").encode(endpoint().hostHeader());
    try (HttpConnection connection = new HttpConnection(endpoint(), Duration.ofSeconds(10))) {
      while (true) {
        if (!process.isAlive()) {
          throw failure("ops/starling up exited with " + process.exitValue());
        }
        try {
          if (connection.exchange(ready, false).status() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // The node binds its port last: refused connections are the normal wait.
        }
        if (System.nanoTime() > deadline) {
          throw failure("the node was not ready within " + timeout.toSeconds() + " s");
        }
        Thread.sleep(READY_POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the stack started", e);
    }
  }

  public Endpoint endpoint() {
    return new Endpoint("127.0.0.1", ports.http());
  }

  public String cassandraContactPoint() {
    return "127.0.0.1:" + ports.cql();
  }

  /** {@code ops/starling up} execs the JVM that runs the node, so its pid is the node's. */
  public long nodePid() {
    return process.pid();
  }

  /** Read from the pid file the launcher writes; empty if it cannot be read. */
  public OptionalLong cassandraPid() {
    try {
      return OptionalLong.of(
          Long.parseLong(Files.readString(folder.resolve("data/cassandra/cassandra.pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Marks the run as failed: unless the run is being interrupted, the folder is kept for its logs.
   */
  public void keepFolder() {
    failed = true;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = Thread.currentThread() == stopOnExit;
    if (!interrupted) {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
    out.println("Stopping the stack (SIGTERM: node, then Kafka and Cassandra) ...");
    long started = System.nanoTime();
    stop();
    out.printf(Locale.ROOT, "Stack stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
    // Whoever interrupts a run wants it gone; a run that failed by itself leaves its logs.
    if (failed && !interrupted) {
      out.println("Kept " + folder + " for its logs (up.log, data/*/*.log)");
    } else {
      keepNodeOutput();
      delete(folder);
    }
  }

  /**
   * The node's output tells what a 500 was; the data can go. Compressed: a node failing thousands
   * of requests logs a stack trace for each (100 MB in a 20 s run), which shrinks forty-fold.
   */
  private void keepNodeOutput() {
    Path kept = folder.resolveSibling(folder.getFileName() + "-up.log.gz");
    try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(kept))) {
      Files.copy(log, gzip);
      out.println("Node output (ops/starling up) kept in " + kept);
    } catch (IOException e) {
      out.println("Could not keep the node's output: " + e.getMessage());
    }
  }

  private void stop() {
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        out.println("The stack did not stop within " + STOP_GRACE.toSeconds() + " s: killing it");
        failed = true;
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private IllegalStateException failure(String message) {
    return new IllegalStateException(message + "; last lines of " + log + ":\n" + tail(log));
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Could not delete " + folder + ": " + e.getMessage());
    }
  }
}
