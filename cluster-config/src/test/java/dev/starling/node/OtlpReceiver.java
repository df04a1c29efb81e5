package dev.starling.node;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver for tests, as a collector or Jaeger's port 4318 would be: takes the
 * protobuf {@code ExportTraceServiceRequest}s a node's exporter posts to {@code /v1/traces} and
 * keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span: ids in hex, kind and status as OTLP names them, attributes as strings. */
  record ReceivedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      String status,
      Map<String, String> attributes,
      Map<String, String> resource) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  OtlpReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange) {
            var request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
            request
                .getResourceSpansList()
                .forEach(
                    resourceSpans -> {
                      var resource = strings(resourceSpans.getResource().getAttributesList());
                      resourceSpans
                          .getScopeSpansList()
                          .forEach(
                              scope ->
                                  scope
                                      .getSpansList()
                                      .forEach(
                                          span ->
                                              spans.add(
                                                  new ReceivedSpan(
                                                      hex(span.getTraceId().toByteArray()),
                                                      hex(span.getSpanId().toByteArray()),
                                                      hex(span.getParentSpanId().toByteArray()),
                                                      span.getName(),
                                                      span.getKind().name(),
                                                      span.getStatus().getCode().name(),
                                                      strings(span.getAttributesList()),
                                                      resource))));
                    });
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    var strings = new HashMap<String, String>();
    for (var attribute : attributes) {
      var value = attribute.getValue();
      strings.put(
          attribute.getKey(),
          value.hasIntValue() ? Long.toString(value.getIntValue()) : value.getStringValue());
    }
    return strings;
  }

  /** The URL a node's {@code starling.tracing.otlp-endpoint} names. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  void clear() {
    spans.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
