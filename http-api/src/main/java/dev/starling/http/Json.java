package dev.starling.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The API's JSON dialect: snake_case, strict types, ISO-8601 UTC timestamps with millis. */
public final class Json {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public static final ObjectMapper MAPPER = create();

  private Json() {}

  private static ObjectMapper create() {
    var mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // a misspelled field must not silently fall back to a default ("visibilty")
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("starling-text").addDeserializer(String.class, new Text()))
            .build();
    // "text": 5 is a wrong type, not the string "5"
    for (var shape :
        new CoercionInputShape[] {
          CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Collection)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  public static <T> T read(String body, Class<T> type) {
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiProblem.badRequest("the request body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.badRequest("unknown field '" + e.getPropertyName() + "'");
    } catch (MismatchedInputException e) {
      if (e instanceof InvalidFormatException invalid && invalid.getValue() instanceof String) {
        throw ApiProblem.badRequest("invalid value" + at(e) + ": " + e.getOriginalMessage());
      }
      throw ApiProblem.badRequest("wrong JSON type" + at(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static String at(JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return "";
    }
    var last = e.getPath().get(e.getPath().size() - 1);
    return last.getFieldName() != null
        ? " at '" + last.getFieldName() + "'"
        : " at item " + last.getIndex() + " of '" + e.getPath().get(0).getFieldName() + "'";
  }

  /**
   * Every string of a request: text that is not valid Unicode (a lone surrogate, which JSON's
   * {@code \uD800} escapes can produce) or holds control characters other than tab and line breaks
   * is rejected here, naming its field, before anything could try to store it.
   */
  private static final class Text extends StringDeserializer {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = super.deserialize(parser, context);
      String problem = value == null ? null : problemWith(value);
      if (problem != null) {
        throw InvalidFormatException.from(parser, problem, value, String.class);
      }
      return value;
    }

    private static String problemWith(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
          if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
            return "not valid Unicode (a lone surrogate at index " + i + ")";
          }
          i++;
        } else if (Character.isLowSurrogate(c)) {
          return "not valid Unicode (a lone surrogate at index " + i + ")";
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
          return "a control character (U+" + String.format("%04X", (int) c) + ") at index " + i;
        }
      }
      return null;
    }
  }
}
