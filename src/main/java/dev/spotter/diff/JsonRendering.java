package dev.spotter.diff;

import com.fasterxml.jackson.databind.JsonNode;

/** Short, readable renderings of JSON values for differences and their reasons. */
final class JsonRendering {
  static final int MAX_LENGTH = 160;

  private JsonRendering() {}

  static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case BINARY -> "binary";
      case MISSING -> "missing";
    };
  }

  /** The value as JSON text, cut to a readable length. */
  static String render(JsonNode node) {
    if (node.isContainerNode()) {
      String prefix = node.isObject() ? "object" : "array";
      String text = node.toString();
      return text.length() <= MAX_LENGTH
          ? text
          : prefix + " of " + node.size() + (node.isObject() ? " fields" : " elements");
    }
    if (node.isTextual()) {
      return quoted(node.textValue());
    }
    // Numbers, booleans and null render as their JSON text without going through a serializer.
    return cut(node.asText());
  }

  /** A JSON string literal, escaped, cut to a readable length. */
  static String quoted(String text) {
    int limit = Math.min(text.length(), MAX_LENGTH);
    StringBuilder sb = new StringBuilder(limit + 8).append('"');
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    return cut(sb.toString());
  }

  static String cut(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_LENGTH - 1) + "\u2026";
  }
}
