package dev.starling.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending exactly the bytes given: a path
 * with malformed percent-encoding, header values with raw UTF-8 or invalid bytes, bodies that are
 * not valid UTF-8. {@code java.net.http} validates all of these away before they reach the server,
 * which is what a hostile client does not do.
 */
final class RawHttp {
  private static final int READ_TIMEOUT_MILLIS = 30_000;
  private final String host;
  private final int port;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  record Header(String name, byte[] value) {
    static Header of(String name, String value) {
      return new Header(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst();
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code method target} with the headers (plus {@code Host}, {@code Content-Length} when
   * there is a body, and {@code Connection: close}) and reads the whole response.
   */
  Response send(String method, byte[] target, List<Header> headers, byte[] body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      var head = new ByteArrayOutputStream();
      head.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
      head.write(' ');
      head.writeBytes(target);
      head.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      line(head, "Host", (host + ":" + port).getBytes(StandardCharsets.US_ASCII));
      line(head, "Connection", "close".getBytes(StandardCharsets.US_ASCII));
      for (Header header : headers) {
        line(head, header.name(), header.value());
      }
      if (body != null) {
        line(
            head,
            "Content-Length",
            Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toByteArray());
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        // the server may answer (413) and close before it has read a large body: read the answer
      }
      return read(socket.getInputStream());
    }
  }

  private static void line(ByteArrayOutputStream head, String name, byte[] value) {
    head.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(": ".getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(value);
    head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static Response read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    int headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headEnd < 0) {
      throw new IOException(
          "no complete response head in "
              + all.length
              + " bytes: "
              + new String(all, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    var headers = new ArrayList<Map.Entry<String, String>>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
    }
    byte[] body = Arrays.copyOfRange(all, headEnd + 4, all.length);
    boolean chunked =
        headers.stream()
            .anyMatch(
                h ->
                    h.getKey().equalsIgnoreCase("Transfer-Encoding")
                        && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
    return new Response(status, headers, chunked ? dechunk(body) : body);
  }

  private static byte[] dechunk(byte[] chunked) {
    var body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
      String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeField.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    return indexOf(data, pattern, 0);
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
