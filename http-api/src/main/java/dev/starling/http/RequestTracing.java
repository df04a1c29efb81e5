package dev.starling.http;

import dev.starling.http.routes.RouteTemplates;
import dev.starling.read.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.directives.RouteAdapter;

/**
 * One SERVER span per request while tracing is on (docs/operations.md, Tracing), named by its
 * method and route template, the caller's W3C {@code traceparent} its parent. The request's work
 * runs with the span's context current, also where it continues after waiting (authentication, an
 * entity's reply): the inner route gets an execution context that makes it current, so the entities
 * asked on the way ({@code dev.starling.app.Entities}) are its children. Off, the inner route is
 * returned as it is.
 */
final class RequestTracing extends AllDirectives {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");

  private static final TextMapGetter<HttpRequest> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest request) {
          return StreamSupport.stream(request.getHeaders().spliterator(), false)
              .map(HttpHeader::lowercaseName)
              .toList();
        }

        @Override
        public String get(HttpRequest request, String name) {
          return request == null
              ? null
              : request.getHeader(name).map(HttpHeader::value).orElse(null);
        }
      };

  private final Tracing tracing;

  RequestTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  /**
   * {@code inner} in a span of the request, {@code template} being the request's route template
   * (the one the request metrics use, {@link RouteTemplates}).
   */
  Route traced(String template, Supplier<Route> inner) {
    if (!tracing.enabled()) {
      return inner.get();
    }
    return extractRequest(
        request ->
            extractExecutionContext(
                executor -> {
                  String method = request.method().name();
                  Context parent =
                      W3CTraceContextPropagator.getInstance()
                          .extract(Context.root(), request, HEADERS);
                  var builder =
                      tracing
                          .tracer()
                          .spanBuilder(
                              RouteTemplates.OTHER.equals(template)
                                  ? method
                                  : method + " " + template)
                          .setParent(parent)
                          .setSpanKind(SpanKind.SERVER)
                          .setAttribute(METHOD, method)
                          .setAttribute(PATH, request.getUri().path());
                  if (!RouteTemplates.OTHER.equals(template)) {
                    builder.setAttribute(ROUTE, template);
                  }
                  Span span = builder.startSpan();
                  Context context = parent.with(span);
                  return mapResponse(
                      response -> {
                        int status = response.status().intValue();
                        span.setAttribute(STATUS, (long) status);
                        if (status >= 500) {
                          span.setStatus(StatusCode.ERROR);
                        }
                        span.end();
                        return response;
                      },
                      () ->
                          withExecutionContext(
                              ExecutionContexts.fromExecutor(context.wrap(executor)),
                              () -> within(context, inner.get())));
                }));
  }

  /** {@code route}, run with {@code context} current (its synchronous part; see the class). */
  private static Route within(Context context, Route route) {
    var delegate = route.asScala();
    return RouteAdapter.apply(
        request -> {
          try (Scope scope = context.makeCurrent()) {
            return delegate.apply(request);
          }
        });
  }
}
