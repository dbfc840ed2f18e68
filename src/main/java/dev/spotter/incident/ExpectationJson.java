package dev.spotter.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Comparator;

/** JSON values as guards read, write, compare and show them. */
final class ExpectationJson {
  /**
   * Decimals are kept exact, trailing zeros and all: {@code 12.50} is written back as {@code 12.50}
   * (a double would write 12.5 and round long fractions), and compared by value elsewhere.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final int SHOWN = 80;

  /** Numbers compare by value, everything else as Jackson compares it. */
  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) -> {
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x != null && y != null) {
          return x.compareTo(y);
        }
        return a.equals(b) ? 0 : 1;
      };

  private ExpectationJson() {}

  /** One JSON document; null when the text is not exactly one JSON value. */
  static JsonNode read(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** One JSON document; null when the bytes are not exactly one JSON value. */
  static JsonNode read(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }

  /** Compact JSON text. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Equal as values: 12.5 equals 12.50 and 1E+1 equals 10, at any depth. */
  static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals(BY_VALUE, b);
  }

  /** A number with no fractional part, however it is written (12, 12.0, 1.2E+1). */
  static boolean isWhole(JsonNode node) {
    if (node.isIntegralNumber()) {
      return true;
    }
    BigDecimal d = decimal(node);
    return d != null && (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0);
  }

  /** The value for a sentence: JSON text, or its size when too long to read at a glance. */
  static String show(JsonNode node) {
    String text = write(node);
    if (text.length() <= SHOWN) {
      return text;
    }
    if (node.isObject()) {
      return "an object of " + node.size() + " fields";
    }
    if (node.isArray()) {
      return "an array of " + node.size() + " elements";
    }
    return text.substring(0, SHOWN - 1) + "\u2026";
  }

  /** The type of a value with its article: a string, an object, null. */
  static String typeOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary data";
      case MISSING -> "missing";
    };
  }

  /** The value of a number, or null for a non-number or a double that is NaN or infinite. */
  private static BigDecimal decimal(JsonNode node) {
    if (!node.isNumber()) {
      return null;
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      return null;
    }
    return node.decimalValue();
  }
}
