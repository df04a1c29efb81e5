package dev.starling.ops.bench.http;

import java.net.URI;

/** Where the node under test listens: {@code http://host:port} without a path. */
public record Endpoint(String host, int port) {

  public static Endpoint parse(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected http://host[:port], got " + url);
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new IllegalArgumentException("the URL must not have a path: " + url);
    }
    return new Endpoint(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
  }

  public String hostHeader() {
    return port == 80 ? host : host + ":" + port;
  }

  @Override
  public String toString() {
    return "http://" + hostHeader();
  }
}
