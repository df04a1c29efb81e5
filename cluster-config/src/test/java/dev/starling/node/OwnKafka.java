package dev.starling.node;

import dev.starling.ops.servers.KafkaServer;
import dev.starling.ops.servers.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka of one test class's own (free ports, its own folder), which the class may stop and start
 * again without touching any other test, and the node settings that make a node fail fast against
 * it and retry often, so an outage and the catch-up after it fit in a test.
 */
final class OwnKafka implements AutoCloseable {
  private final KafkaServer.Settings settings;
  private KafkaServer kafka;

  OwnKafka(Path dataDir) {
    settings = new KafkaServer.Settings(dataDir, "127.0.0.1", freePort(), freePort(), Profile.TEST);
  }

  /** Settings for a node that uses this Kafka, whether or not it is running. */
  Map<String, Object> nodeSettings() {
    var node = new HashMap<String, Object>(NodeFixture.EVENT_STREAM);
    node.put("starling.kafka.bootstrap-servers", bootstrapServers());
    node.put("starling.kafka.request-timeout", "2s");
    node.put("starling.kafka.producer.delivery-timeout", "3s");
    node.put("starling.kafka.producer.max-block", "2s");
    node.put("pekko.projection.restart-backoff.max-backoff", "2s");
    node.put("starling.search.restart.max-backoff", "2s");
    return node;
  }

  String bootstrapServers() {
    return settings.host() + ":" + settings.port();
  }

  /** Starts it, on the same folder and ports each time. */
  void start() {
    kafka = KafkaServer.start(settings);
  }

  void stop() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
