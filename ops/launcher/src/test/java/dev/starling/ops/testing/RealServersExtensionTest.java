package dev.starling.ops.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speaks to the servers in their own wire protocols, so "ready" means answering, not just
 * listening.
 */
@ExtendWith(RealServersExtension.class)
class RealServersExtensionTest {
  private static final int TIMEOUT_MILLIS = 10_000;

  private static final byte CQL_V4_REQUEST = 0x04;
  private static final byte CQL_V4_RESPONSE = (byte) 0x84;
  private static final byte CQL_OPTIONS = 0x05;
  private static final byte CQL_SUPPORTED = 0x06;

  private static final short KAFKA_PRODUCE = 0;
  private static final short KAFKA_API_VERSIONS = 18;

  @Test
  void cassandraAnswersCqlOptionsWithSupported() throws IOException {
    try (Socket socket = connect(RealServers.cassandraPort())) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeByte(CQL_V4_REQUEST);
      out.writeByte(0);
      out.writeShort(1);
      out.writeByte(CQL_OPTIONS);
      out.writeInt(0);
      out.flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertEquals(CQL_V4_RESPONSE, in.readByte(), "protocol version of the response");
      in.readByte();
      assertEquals(1, in.readShort(), "stream id echoed");
      assertEquals(CQL_SUPPORTED, in.readByte(), "opcode");
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      assertTrue(
          new String(body, StandardCharsets.UTF_8).contains("CQL_VERSION"),
          "SUPPORTED lists CQL_VERSION");
    }
  }

  @Test
  void kafkaAnswersApiVersions() throws IOException {
    int correlationId = 42;
    byte[] clientId = "starling-test".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = connect(RealServers.kafkaPort())) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(2 + 2 + 4 + 2 + clientId.length);
      out.writeShort(KAFKA_API_VERSIONS);
      out.writeShort(0);
      out.writeInt(correlationId);
      out.writeShort(clientId.length);
      out.write(clientId);
      out.flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      in.readInt();
      assertEquals(correlationId, in.readInt(), "correlation id echoed");
      assertEquals(0, in.readShort(), "error code");
      Set<Short> apiKeys = new HashSet<>();
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        apiKeys.add(in.readShort());
        in.readShort();
        in.readShort();
      }
      assertTrue(apiKeys.contains(KAFKA_PRODUCE), "Produce supported: " + apiKeys);
      assertTrue(apiKeys.contains(KAFKA_API_VERSIONS), "ApiVersions supported: " + apiKeys);
    }
  }

  @Test
  void uniqueNamesAreValidKeyspacesAndTopicsAndDiffer() {
    String name = RealServers.uniqueName(RealServersExtensionTest.class);
    assertTrue(name.matches("t_realserversextensiontest_[a-z0-9]{6}"), name);
    assertNotEquals(name, RealServers.uniqueName(RealServersExtensionTest.class));
  }

  @Test
  void uniqueNamesOfLongClassNamesFitInACassandraKeyspaceName() {
    String name =
        RealServers.uniqueName(AVeryLongNestedTestClassNameThatWouldNotFitIntoAKeyspaceName.class);
    assertTrue(name.length() <= 48, name);
    assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(RealServers.HOST, port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    return socket;
  }

  private static final class AVeryLongNestedTestClassNameThatWouldNotFitIntoAKeyspaceName {}
}
