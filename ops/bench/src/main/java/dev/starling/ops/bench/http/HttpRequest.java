package dev.starling.ops.bench.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP/1.1 request, encoded once into the bytes a connection writes: the load loop sends the
 * same bytes again and again instead of building a request per call.
 */
public record HttpRequest(String method, String path, Map<String, String> headers, byte[] body) {
  private static final byte[] NO_BODY = new byte[0];

  public HttpRequest {
    headers = Map.copyOf(headers);
  }

  public static HttpRequest get(String path) {
    return new HttpRequest("GET", path, Map.of(), NO_BODY);
  }

  public static HttpRequest post(String path, String contentType, byte[] body) {
    return new HttpRequest("POST", path, Map.of("Content-Type", contentType), body);
  }

  public HttpRequest withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpRequest(method, path, more, body);
  }

  public HttpRequest withBearer(String accessToken) {
    return withHeader("Authorization", "Bearer " + accessToken);
  }

  public byte[] encode(String hostHeader) {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader).append("\r\n");
    head.append("Accept: application/json\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body.length > 0 || !method.equals("GET")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + body.length);
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    bytes.writeBytes(body);
    return bytes.toByteArray();
  }
}
