package dev.starling.node;

import com.typesafe.config.ConfigFactory;

/** Runs one node against an already running Cassandra (see ops/starling for the whole stack). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // logback.xml picks its console appender by this name; another would leave the node silent
    String logFormat = System.getenv().getOrDefault("STARLING_LOG_FORMAT", "text");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      System.err.println("STARLING_LOG_FORMAT must be text or json, not: " + logFormat);
      System.exit(2);
    }
    var node = StarlingNode.start(ConfigFactory.empty());
    node.system().getWhenTerminated().toCompletableFuture().join();
  }
}
