package dev.starling.ops.testing;

import dev.starling.ops.servers.LocalServers;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes sure a real Cassandra and a real Kafka run for the tests of a class; use with
 * {@code @ExtendWith(RealServersExtension.class)} and find them through {@link RealServers}.
 *
 * <p>One of each per test JVM, shared by all its test classes. A server already listening on its
 * port (the dev stack, a server from another module's run) is used as it is. Otherwise one is
 * started by {@link RealServers#startUnlessRunning()}, and stopped once the JVM's Jupiter tests are
 * done.
 */
public final class RealServersExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealServersExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store outlives every test class and closes what it holds when the test run ends.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            LocalServers.class, key -> RealServers.startUnlessRunning(), LocalServers.class);
  }
}
