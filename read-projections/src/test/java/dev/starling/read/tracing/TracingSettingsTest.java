package dev.starling.read.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

/** The tracing settings, and the trace context as it travels with commands and events. */
class TracingSettingsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @Test
  void offByDefaultItIsTheNoOpApiAndRecordsNothing() {
    var kit = ActorTestKit.create();
    try {
      var tracing = Tracing.get(kit.system());
      assertFalse(tracing.enabled());
      assertSame(OpenTelemetry.noop(), tracing.openTelemetry());
      Span span = tracing.tracer().spanBuilder("anything").startSpan();
      assertFalse(span.isRecording());
      assertFalse(span.getSpanContext().isValid());
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aSampleRatioOutsideZeroToOneStopsTheNodeNamingTheSetting() {
    var kit =
        ActorTestKit.create(
            ConfigFactory.parseMap(
                    Map.of("starling.tracing.enabled", true, "starling.tracing.sample-ratio", 1.5))
                .withFallback(ConfigFactory.load()));
    try {
      var failure = assertThrows(RuntimeException.class, () -> Tracing.get(kit.system()));
      Throwable cause = failure;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      String message = cause.toString();
      assertTrue(message.contains("STARLING_TRACING_SAMPLE_RATIO"), message);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aTraceParentCarriesTheSampledSpanItWasMadeFrom() {
    var sampled =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    var trace = Tracing.traceParent(Context.root().with(Span.wrap(sampled))).orElseThrow();
    assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-01", trace.traceparent());

    SpanContext continued = Span.fromContext(Tracing.context(trace)).getSpanContext();
    assertEquals(TRACE_ID, continued.getTraceId());
    assertEquals(SPAN_ID, continued.getSpanId());
    assertTrue(continued.isSampled() && continued.isRemote());

    var notSampled =
        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getDefault(), TraceState.getDefault());
    assertTrue(
        Tracing.traceParent(Context.root().with(Span.wrap(notSampled))).isEmpty(),
        "nothing downstream of an unsampled span would be recorded");
    assertTrue(Tracing.traceParent(Context.root()).isEmpty());
  }
}
