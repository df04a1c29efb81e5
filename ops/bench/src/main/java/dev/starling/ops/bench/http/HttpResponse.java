package dev.starling.ops.bench.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response as far as the benchmark needs it.
 *
 * @param headers by lower-case name; a repeated header keeps its last value
 * @param body empty when the caller asked for the body to be skipped
 * @param keepAlive whether the connection may carry the next request
 */
public record HttpResponse(
    int status, Map<String, String> headers, byte[] body, boolean keepAlive) {

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
