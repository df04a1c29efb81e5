package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's console log format ({@code logback.xml}): text by default, JSON by config. */
class LogFormatTest {
  /** The node's logback configuration, read into a context of its own with {@code format}. */
  private static Logger root(String format) throws JoranException {
    return configured(format).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  private static LoggerContext configured(String format) throws JoranException {
    var context = new LoggerContext();
    // the node's context gets one from logback's SLF4J provider; the JSON encoder reads the MDC
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (format != null) {
      context.putProperty("STARLING_LOG_FORMAT", format);
    }
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    return context;
  }

  private static String encode(Logger root) {
    Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders =
        root.iteratorForAppenders();
    var appender = appenders.next();
    assertEquals(false, appenders.hasNext(), "one console appender");
    var event =
        new LoggingEvent(
            "fqcn",
            root.getLoggerContext().getLogger("dev.starling.Example"),
            Level.WARN,
            "user {} said \"hi\"",
            null,
            new Object[] {42});
    byte[] bytes =
        ((OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) appender)
            .getEncoder()
            .encode(event);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
    String line = encode(root("json"));
    assertEquals(1, line.strip().lines().count(), line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("WARN", json.get("level").asText());
    assertEquals("dev.starling.Example", json.get("loggerName").asText());
    assertEquals("user 42 said \"hi\"", json.get("formattedMessage").asText());
    assertNotNull(json.get("timestamp"));
  }

  @Test
  void textIsTheDefault() throws Exception {
    String line = encode(root(null));
    assertFalse(line.startsWith("{"), line);
    assertEquals(true, line.contains("WARN  dev.starling.Example - user 42 said \"hi\""), line);
  }

  /**
   * A warning or error while configuring makes logback print its whole start-up report (~30 lines)
   * ahead of the node's first log line; either format must leave it nothing to report.
   */
  @Test
  void eitherFormatConfiguresWithoutAWarning() throws Exception {
    for (String format : new String[] {null, "text", "json"}) {
      var statuses = configured(format).getStatusManager().getCopyOfStatusList();
      var complaints =
          statuses.stream().filter(status -> status.getEffectiveLevel() >= Status.WARN).toList();
      assertEquals(List.of(), complaints, "format " + format);
    }
  }
}
