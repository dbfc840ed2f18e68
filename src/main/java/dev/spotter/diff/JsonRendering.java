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
    return cut(node.toString());
  }

  static String cut(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_LENGTH - 1) + "\u2026";
  }
}
