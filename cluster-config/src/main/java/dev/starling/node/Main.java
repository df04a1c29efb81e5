package dev.starling.node;

import com.typesafe.config.ConfigFactory;

/** Runs one node against an already running Cassandra (see ops/starling for the whole stack). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    var node = StarlingNode.start(ConfigFactory.empty());
    node.system().getWhenTerminated().toCompletableFuture().join();
  }
}
