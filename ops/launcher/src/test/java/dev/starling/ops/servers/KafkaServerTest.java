package dev.starling.ops.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka is the quick one of the two servers; what holds for it holds for Cassandra, which shares
 * the same launch code.
 */
class KafkaServerTest {
  private static final String HOST = "127.0.0.1";

  @TempDir Path dataDir;

  @Test
  void startingAgainOnTheSameFolderStopsTheLeftoverServerAndKeepsTheStorage() throws IOException {
    int[] ports = twoFreePorts();
    KafkaServer.Settings settings =
        new KafkaServer.Settings(dataDir, HOST, ports[0], ports[1], Profile.TEST);
    // Never closed here, like the server of a launcher that was killed.
    KafkaServer leftover = KafkaServer.start(settings);
    String clusterId = clusterId();

    try (KafkaServer restarted = KafkaServer.start(settings)) {
      assertFalse(
          ProcessHandle.of(leftover.pid()).map(ProcessHandle::isAlive).orElse(false),
          "leftover stopped");
      assertEquals(clusterId, clusterId(), "storage kept, not formatted again");
      assertTrue(Ports.isListening(HOST, settings.port()));
    } finally {
      leftover.close();
    }
  }

  @Test
  void startFailsAtOnceNamingThePortWhenItIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      KafkaServer.Settings settings =
          new KafkaServer.Settings(dataDir, HOST, taken.getLocalPort(), freePort(), Profile.TEST);

      IllegalStateException failure =
          assertThrows(IllegalStateException.class, () -> KafkaServer.start(settings));

      assertTrue(
          failure.getMessage().contains(HOST + ":" + taken.getLocalPort() + " is already in use"),
          failure.getMessage());
    }
  }

  @Test
  void clusterIdsHaveKafkasUuidFormat() {
    String id = KafkaServer.randomClusterId();
    assertTrue(id.matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"), id);
  }

  private String clusterId() throws IOException {
    Properties meta = new Properties();
    try (Reader reader =
        Files.newBufferedReader(dataDir.resolve("logs").resolve("meta.properties"))) {
      meta.load(reader);
    }
    return meta.getProperty("cluster.id");
  }

  /** Both held open while the second is chosen: one after the other, the OS may pick one twice. */
  private static int[] twoFreePorts() throws IOException {
    try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        ServerSocket second = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return new int[] {first.getLocalPort(), second.getLocalPort()};
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
