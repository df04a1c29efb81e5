package dev.starling.ops.bench.host;

import java.util.ArrayList;
import java.util.List;

/** The JVMs on this machine that {@code jcmd -l} can see (those of the same user). */
public final class LocalJvms {
  private static final String CASSANDRA_MAIN = "org.apache.cassandra.service.CassandraDaemon";

  private LocalJvms() {}

  /**
   * @param commandLine the main class (or jar) and its arguments, as {@code jcmd -l} shows them
   */
  public record Jvm(long pid, String commandLine) {
    public String mainClass() {
      return commandLine.split("\\s+", 2)[0];
    }
  }

  public static List<Jvm> list() {
    List<Jvm> jvms = new ArrayList<>();
    for (String line : Jcmd.run("-l").split("\n")) {
      String[] pidAndCommand = line.strip().split("\\s+", 2);
      if (pidAndCommand.length == 2 && pidAndCommand[0].chars().allMatch(Character::isDigit)) {
        jvms.add(new Jvm(Long.parseLong(pidAndCommand[0]), pidAndCommand[1]));
      }
    }
    return jvms;
  }

  /** Started directly or through the launcher, whose main class wraps Cassandra's. */
  public static List<Long> cassandraPids() {
    return list().stream()
        .filter(jvm -> jvm.commandLine().contains(CASSANDRA_MAIN))
        .map(Jvm::pid)
        .toList();
  }
}
