package dev.starling.ops.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 responses off one connection's input: status line, headers, and a body framed by
 * {@code Content-Length}, chunked transfer coding, or the end of the stream.
 */
public final class HttpResponseReader {
  private static final int MAX_LINE = 16 * 1024;

  private final InputStream in;
  private final byte[] scratch = new byte[16 * 1024];

  /** {@code in} should be buffered: the head is read a byte at a time. */
  public HttpResponseReader(InputStream in) {
    this.in = in;
  }

  /**
   * @param keepBody whether to keep a successful response's body; an error's (4xx, 5xx) is always
   *     kept: it is small, and it says what went wrong
   */
  public HttpResponse read(boolean keepBody) throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = parseStatus(parts[1], statusLine);
    Map<String, String> headers = readHeaders();
    boolean keepAlive = keepAlive(parts[0], headers.get("connection"));

    ByteArrayOutputStream body = keepBody || status >= 400 ? new ByteArrayOutputStream() : null;
    if (hasNoBody(status)) {
      return new HttpResponse(status, headers, new byte[0], keepAlive);
    }
    String transferEncoding = headers.get("transfer-encoding");
    String contentLength = headers.get("content-length");
    if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
      readChunked(body);
    } else if (contentLength != null) {
      copy(parseLength(contentLength), body);
    } else {
      copyToEnd(body);
      keepAlive = false;
    }
    return new HttpResponse(
        status, headers, body == null ? new byte[0] : body.toByteArray(), keepAlive);
  }

  private static int parseStatus(String code, String statusLine) throws IOException {
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException e) {
      throw new IOException("bad status code in: " + statusLine);
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + line);
      }
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return headers;
  }

  private static boolean keepAlive(String version, String connection) {
    String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (tokens.contains("close")) {
      return false;
    }
    return version.equals("HTTP/1.1") || tokens.contains("keep-alive");
  }

  private static boolean hasNoBody(int status) {
    return status / 100 == 1 || status == 204 || status == 304;
  }

  private void readChunked(ByteArrayOutputStream body) throws IOException {
    while (true) {
      String sizeLine = readLine();
      int extension = sizeLine.indexOf(';');
      String size = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
      long length;
      try {
        length = Long.parseLong(size, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + sizeLine);
      }
      if (length == 0) {
        while (!readLine().isEmpty()) {
          // Trailer fields: nothing here needs them.
        }
        return;
      }
      copy(length, body);
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private static long parseLength(String contentLength) throws IOException {
    try {
      long length = Long.parseLong(contentLength.trim());
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length: " + contentLength);
    }
  }

  private void copy(long length, ByteArrayOutputStream body) throws IOException {
    long left = length;
    while (left > 0) {
      int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (read < 0) {
        throw new EOFException("connection closed " + left + " bytes before the body's end");
      }
      if (body != null) {
        body.write(scratch, 0, read);
      }
      left -= read;
    }
  }

  private void copyToEnd(ByteArrayOutputStream body) throws IOException {
    for (int read = in.read(scratch); read >= 0; read = in.read(scratch)) {
      if (body != null) {
        body.write(scratch, 0, read);
      }
    }
  }

  /** One line without its CRLF (a bare LF is accepted too). */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed inside the response head");
      }
      if (line.length() == MAX_LINE) {
        throw new IOException("response line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return line.toString();
  }
}
