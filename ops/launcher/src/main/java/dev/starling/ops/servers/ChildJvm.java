package dev.starling.ops.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server running in a JVM of its own, on the classpath its {@code ops/<name>-server} module
 * recorded at build time. Its output goes to {@code <dataDir>/<name>.log}, its pid to {@code
 * <dataDir>/<name>.pid}.
 */
final class ChildJvm implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildJvm.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(10);
  private static final Duration READY_POLL = Duration.ofMillis(100);
  private static final int LOG_LINES_IN_ERRORS = 40;

  private final String name;
  private final Process process;
  private final ServerLog serverLog;
  private final Path pidFile;

  private ChildJvm(String name, Process process, ServerLog serverLog, Path pidFile) {
    this.name = name;
    this.process = process;
    this.serverLog = serverLog;
    this.pidFile = pidFile;
  }

  /**
   * When a server counts as started: its log shows {@code logLine} and {@code host:port} accepts
   * connections. Both, because servers log before they bind, and the port alone could belong to
   * someone else.
   */
  record ReadyWhen(String logLine, String host, int port) {}

  /**
   * Starts {@code mainClass} in a child JVM and waits until it is ready. It will be stopped when
   * this JVM exits, if not closed before.
   *
   * @throws IllegalStateException if the server exits or is not ready within 120 s; the message
   *     ends with the last lines of its log
   */
  static ChildJvm launch(
      String name,
      Path dataDir,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      ReadyWhen readyWhen) {
    return launch(name, dataDir, serverClasspath(name), jvmOptions, mainClass, args, readyWhen);
  }

  /**
   * As {@link #launch(String, Path, List, String, List, ReadyWhen)}, on {@code classpath} instead
   * of a server module's recorded one.
   */
  static ChildJvm launch(
      String name,
      Path dataDir,
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      ReadyWhen readyWhen) {
    ChildJvm child = launch(name, dataDir, classpath, jvmOptions, mainClass, args);
    try {
      child.awaitReady(readyWhen);
      return child;
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  private static ChildJvm launch(
      String name,
      Path dataDir,
      String classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args) {
    ServerLog serverLog = ServerLog.fromEndOf(logFile(name, dataDir));
    List<String> command = new ArrayList<>(detachedFromTerminal());
    command.addAll(javaCommand(classpath, identity(name, dataDir), jvmOptions));
    command.add(ExitWithParent.class.getName());
    command.add(mainClass);
    command.addAll(args);
    try {
      Process process = start(command, dataDir, serverLog);
      Path pidFile = pidFile(name, dataDir);
      Files.writeString(pidFile, Long.toString(process.pid()));
      ChildJvm child = new ChildJvm(name, process, serverLog, pidFile);
      ServerShutdown.track(child);
      log.info("Launched {} (pid {}), log {}", name, process.pid(), serverLog.file());
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not launch " + name, e);
    }
  }

  /**
   * Runs a command-line tool from the server's classpath to completion, its output going to the
   * server's log.
   */
  static void runTool(
      String name,
      Path dataDir,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Duration timeout) {
    ServerLog serverLog = ServerLog.fromEndOf(logFile(name, dataDir));
    List<String> command =
        new ArrayList<>(javaCommand(serverClasspath(name), List.of(), jvmOptions));
    command.add(mainClass);
    command.addAll(args);
    try {
      Process process = start(command, dataDir, serverLog);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw failure(
            mainClass + " did not finish within " + timeout.toSeconds() + " s", serverLog);
      }
      if (process.exitValue() != 0) {
        throw failure(mainClass + " failed with exit code " + process.exitValue(), serverLog);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + mainClass, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + mainClass, e);
    }
  }

  /**
   * Stops a server that an earlier, killed launcher left running on {@code dataDir}. The pid file
   * alone is not trusted: pids get reused, so the process must also carry that server's identity.
   */
  static void stopLeftover(String name, Path dataDir) {
    Path pidFile = pidFile(name, dataDir);
    List<String> identity = identity(name, dataDir);
    readPid(pidFile)
        .flatMap(ProcessHandle::of)
        .filter(process -> carries(process, identity))
        .ifPresent(
            process -> {
              log.warn("Stopping the {} (pid {}) left running on {}", name, process.pid(), dataDir);
              stop(process, name);
            });
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(ReadyWhen readyWhen) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    boolean readyLineSeen = false;
    while (true) {
      if (!process.isAlive()) {
        throw failure(
            name + " exited with code " + process.exitValue() + " while starting", serverLog);
      }
      readyLineSeen = readyLineSeen || serverLog.newLinesContain(readyWhen.logLine());
      if (readyLineSeen && Ports.isListening(readyWhen.host(), readyWhen.port())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            name + " was not ready within " + START_TIMEOUT.toSeconds() + " s", serverLog);
      }
      try {
        Thread.sleep(READY_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name + " to start", e);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  Path logFile() {
    return serverLog.file();
  }

  /** SIGKILL, as a crash or the kernel's OOM killer would end it; waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.onExit().get(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") outlived SIGKILL", e);
    }
    ServerShutdown.untrack(this);
  }

  /** SIGTERM, so the server shuts down cleanly; SIGKILL if it has not within 30 s. */
  @Override
  public synchronized void close() {
    if (!process.isAlive()) {
      // a server that died under the tests (an OutOfMemoryError, a crash) is why they failed;
      // its log is overwritten by the next server started on the folder, so say it here (a
      // leftover stopped by a newer launch on its folder lands here too)
      log.warn(
          "{} (pid {}) had already exited with code {}; the end of {}:\n{}",
          name,
          process.pid(),
          process.exitValue(),
          serverLog.file(),
          serverLog.tail(LOG_LINES_IN_ERRORS));
    }
    stop(process.toHandle(), name);
    ServerShutdown.untrack(this);
    // A server started since on the same folder owns the pid file now.
    if (readPid(pidFile).filter(pid -> pid == process.pid()).isPresent()) {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        log.warn("Could not delete {}", pidFile, e);
      }
    }
  }

  /**
   * In the data folder, so that whatever the JVM drops there (hs_err files, heap dumps) stays with
   * the server.
   */
  private static Process start(List<String> command, Path dataDir, ServerLog serverLog)
      throws IOException {
    return new ProcessBuilder(command)
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(serverLog.file().toFile()))
        .start();
  }

  private static void stop(ProcessHandle process, String name) {
    if (!process.isAlive()) {
      return;
    }
    long started = System.nanoTime();
    process.destroy();
    try {
      try {
        process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn(
            "{} (pid {}) did not stop within {} s: killing it",
            name,
            process.pid(),
            STOP_GRACE.toSeconds());
        process.destroyForcibly();
        process.onExit().get(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      log.info(
          "Stopped {} (pid {}) in {} ms",
          name,
          process.pid(),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.error("Could not stop {} (pid {})", name, process.pid(), e);
    }
  }

  /**
   * Options that say which server on which folder a process is. They go first on the command line:
   * Java reads only the first 4 KB of another process's command line, and the classpath is longer.
   */
  private static List<String> identity(String name, Path dataDir) {
    return List.of("-Dstarling.server=" + name, "-Dstarling.server.data-dir=" + dataDir);
  }

  private static boolean carries(ProcessHandle process, List<String> identity) {
    String commandLine = " " + process.info().commandLine().orElse("") + " ";
    return identity.stream().allMatch(option -> commandLine.contains(" " + option + " "));
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Files.exists(pidFile)
          ? Optional.of(Long.parseLong(Files.readString(pidFile).trim()))
          : Optional.empty();
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  private static List<String> javaCommand(
      String classpath, List<String> identity, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(identity);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath + File.pathSeparator + launcherCodeLocation());
    return command;
  }

  /**
   * A terminal's Ctrl-C signals its whole foreground process group. The servers get a session of
   * their own so that only their launcher stops them, after whatever depends on them.
   */
  private static List<String> detachedFromTerminal() {
    Path setsid = Path.of("/usr/bin/setsid");
    return Files.isExecutable(setsid) ? List.of(setsid.toString()) : List.of();
  }

  private static String serverClasspath(String name) {
    String resource = name + ".classpath";
    if (ChildJvm.class.getResource(resource) == null) {
      throw new IllegalStateException(
          resource
              + " is missing from the classpath: it is written by the build of"
              + " ops/"
              + name
              + "-server (mvn package)");
    }
    return Templates.read(resource).strip();
  }

  /** Where {@link ExitWithParent} is loaded from: a jar or a classes folder. */
  private static String launcherCodeLocation() {
    try {
      return Path.of(
              ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IllegalStateException failure(String message, ServerLog serverLog) {
    return new IllegalStateException(
        message
            + "; last lines of "
            + serverLog.file()
            + ":"
            + System.lineSeparator()
            + serverLog.tail(LOG_LINES_IN_ERRORS));
  }

  private static Path logFile(String name, Path dataDir) {
    return dataDir.resolve(name + ".log");
  }

  private static Path pidFile(String name, Path dataDir) {
    return dataDir.resolve(name + ".pid");
  }
}
