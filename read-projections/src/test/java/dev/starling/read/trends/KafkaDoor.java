package dev.starling.read.trends;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A door in front of the test JVM's Kafka bootstrap port: closed, it hangs up on every connection,
 * as an unreachable Kafka would; open, it forwards them. Clients bootstrapping through it learn the
 * broker's own address and go there directly once the door has let them through.
 */
final class KafkaDoor implements AutoCloseable {
  private final ServerSocket server;
  private final String brokerHost;
  private final int brokerPort;
  private final AtomicBoolean open = new AtomicBoolean();

  KafkaDoor(String bootstrapServers) throws IOException {
    int colon = bootstrapServers.lastIndexOf(':');
    brokerHost = bootstrapServers.substring(0, colon);
    brokerPort = Integer.parseInt(bootstrapServers.substring(colon + 1));
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var acceptor = new Thread(this::accept, "kafka-door");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String bootstrapServers() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  void open() {
    open.set(true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (!open.get()) {
          client.close();
          continue;
        }
        Socket broker = new Socket(brokerHost, brokerPort);
        pipe(client, broker);
        pipe(broker, client);
      } catch (IOException e) {
        // closed, or one connection failed: the client sees it and retries
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    var copier =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the other side hung up
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "kafka-door-pipe");
    copier.setDaemon(true);
    copier.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
