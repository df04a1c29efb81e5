package dev.starling.ops.bench.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the JDK's {@code jcmd} (from this JVM's own JDK when it has one) and returns its output. */
public final class Jcmd {
  private Jcmd() {}

  public static String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + exit + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running jcmd", e);
    }
  }

  private static String executable() {
    Path ours = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(ours) ? ours.toString() : "jcmd";
  }
}
