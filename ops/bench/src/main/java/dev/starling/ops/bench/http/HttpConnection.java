package dev.starling.ops.bench.http;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One keep-alive HTTP/1.1 connection carrying one request at a time, on a blocking socket. It
 * reconnects on the next exchange after the server said {@code Connection: close} or an I/O error
 * broke it, so a caller only ever sees the error of the exchange that failed.
 */
public final class HttpConnection implements Closeable {
  private final Endpoint endpoint;
  private final int timeoutMillis;
  private Socket socket;
  private OutputStream out;
  private HttpResponseReader reader;

  public HttpConnection(Endpoint endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Sends bytes made by {@link HttpRequest#encode} and reads the whole response. */
  public HttpResponse exchange(byte[] request, boolean keepBody) throws IOException {
    try {
      if (socket == null) {
        open();
      }
      out.write(request);
      out.flush();
      HttpResponse response = reader.read(keepBody);
      if (!response.keepAlive()) {
        close();
      }
      return response;
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  public HttpResponse exchange(HttpRequest request) throws IOException {
    return exchange(request.encode(endpoint.hostHeader()), true);
  }

  private void open() throws IOException {
    Socket opened = new Socket();
    try {
      opened.setTcpNoDelay(true);
      opened.setSoTimeout(timeoutMillis);
      opened.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
      out = opened.getOutputStream();
      reader = new HttpResponseReader(new BufferedInputStream(opened.getInputStream(), 64 * 1024));
      socket = opened;
    } catch (IOException e) {
      opened.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing after a failure: the socket is being dropped either way.
      }
      socket = null;
    }
  }
}
