package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ops/starling} run as an operator runs it, against a node's admin interface. */
final class OpsCli {
  record Run(int exit, String out, String err) {}

  private OpsCli() {}

  static Run run(String adminUrl, String token, String... args) {
    var command = new ArrayList<String>();
    command.add(Path.of("..", "ops", "starling").toAbsolutePath().normalize().toString());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().put("STARLING_ADMIN_URL", adminUrl);
    builder.environment().put("STARLING_ADMIN_TOKEN", token);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      var err = new java.io.ByteArrayOutputStream();
      var errReader = new Thread(() -> copy(process.getErrorStream(), err));
      errReader.start();
      var out = process.getInputStream().readAllBytes();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI finished");
      errReader.join();
      return new Run(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(java.io.InputStream in, java.io.ByteArrayOutputStream into) {
    try {
      in.transferTo(into);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
