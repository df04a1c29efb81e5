package dev.starling.read.tracing;

import com.typesafe.config.Config;
import dev.starling.common.tracing.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's OpenTelemetry tracing ({@code starling.tracing}, docs/operations.md "Tracing"). Off by
 * default: then {@link #openTelemetry()} is the no-op API and callers check {@link #enabled()}
 * before doing any tracing work, so a request costs nothing extra. On: an SDK with a batch span
 * processor exporting over OTLP/HTTP, sampling by trace id ratio below a parent's decision, flushed
 * and shut down with the actor system. Not registered as the global OpenTelemetry: one JVM may run
 * several nodes (tests).
 */
public final class Tracing implements Extension {
  /** Attribute names of Starling's own spans (the HTTP ones are OpenTelemetry's conventions). */
  public static final AttributeKey<String> ENTITY_TYPE =
      AttributeKey.stringKey("starling.entity.type");

  public static final AttributeKey<String> COMMAND = AttributeKey.stringKey("starling.command");
  public static final AttributeKey<String> PERSISTENCE_ID =
      AttributeKey.stringKey("starling.persistence_id");
  public static final AttributeKey<Long> SEQUENCE_NR = AttributeKey.longKey("starling.sequence_nr");
  public static final AttributeKey<String> PROJECTION =
      AttributeKey.stringKey("starling.projection");
  public static final AttributeKey<String> PROJECTION_INSTANCE =
      AttributeKey.stringKey("starling.projection.instance");
  public static final AttributeKey<String> EVENT = AttributeKey.stringKey("starling.event");

  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_INSTANCE =
      AttributeKey.stringKey("service.instance.id");

  private static final TextMapGetter<TraceParent> FROM_TRACE_PARENT =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceParent carrier) {
          return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceParent carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return switch (key) {
            case TRACEPARENT -> carrier.traceparent();
            case TRACESTATE -> carrier.tracestate().isEmpty() ? null : carrier.tracestate();
            default -> null;
          };
        }
      };

  private final boolean enabled;
  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  private Tracing(ActorSystem<?> system) {
    Config config = system.settings().config().getConfig("starling.tracing");
    this.enabled = config.getBoolean("enabled");
    if (enabled) {
      OpenTelemetrySdk sdk = sdk(config, system.address().toString());
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
              "flush-traces",
              () -> completed(sdk.shutdown()));
      this.openTelemetry = sdk;
    } else {
      this.openTelemetry = OpenTelemetry.noop();
    }
    this.tracer = openTelemetry.getTracer("dev.starling");
  }

  public static Tracing get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static OpenTelemetrySdk sdk(Config config, String nodeAddress) {
    double ratio = config.getDouble("sample-ratio");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException(
          "starling.tracing.sample-ratio (STARLING_TRACING_SAMPLE_RATIO) is 0 to 1, not " + ratio);
    }
    String endpoint = config.getString("otlp-endpoint");
    OtlpHttpSpanExporter exporter;
    try {
      exporter =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(endpoint)
              .setTimeout(config.getDuration("export-timeout"))
              .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "starling.tracing.otlp-endpoint (STARLING_TRACING_OTLP_ENDPOINT) is not an http(s) URL: "
              + endpoint,
          e);
    }
    var resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        SERVICE_NAME,
                        config.getString("service-name"),
                        SERVICE_INSTANCE,
                        nodeAddress)));
    var tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(config.getDuration("export-interval"))
                    .setMaxQueueSize(config.getInt("max-queued-spans"))
                    .build())
            .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  private static CompletionStage<Done> completed(CompletableResultCode result) {
    var done = new CompletableFuture<Done>();
    result.whenComplete(() -> done.complete(Done.getInstance()));
    return done;
  }

  /** Whether spans are recorded; when false, callers do no tracing work at all. */
  public boolean enabled() {
    return enabled;
  }

  /** The SDK when tracing is on, the no-op API when off. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public Tracer tracer() {
    return tracer;
  }

  /**
   * The W3C trace context of {@code context}'s span to send on with a command or an event; empty
   * when that span is not sampled (nothing downstream would be recorded).
   */
  public static Optional<TraceParent> traceParent(Context context) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid() || !span.isSampled()) {
      return Optional.empty();
    }
    Map<String, String> headers = new HashMap<>(2);
    W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
    return Optional.of(new TraceParent(headers.get(TRACEPARENT), headers.get(TRACESTATE)));
  }

  /** The context {@code trace} describes, for a span that continues it. */
  public static Context context(TraceParent trace) {
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), trace, FROM_TRACE_PARENT);
  }

  /** Whether {@code context} holds a span a child can continue (a traced request). */
  public static boolean inTrace(Context context) {
    return Span.fromContext(context).getSpanContext().isValid();
  }

  private static final class Id extends ExtensionId<Tracing> {
    static final Id INSTANCE = new Id();

    @Override
    public Tracing createExtension(ActorSystem<?> system) {
      return new Tracing(system);
    }
  }
}
