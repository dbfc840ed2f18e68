package dev.spotter.capture;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to fields of a JSON entry, with messages that name the field by its path. */
final class Fields {
  private Fields() {}

  static JsonNode requiredObject(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new EntryProblem(path + " is missing");
    }
    if (!node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    return node;
  }

  /** The object, or null when absent or null. */
  static JsonNode optionalObject(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    return node;
  }

  /** The array, or null when absent or null. */
  static JsonNode optionalArray(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw wrongType(path, "an array", node);
    }
    return node;
  }

  static String requiredString(JsonNode parent, String name, String path) throws EntryProblem {
    String value = optionalString(parent, name, path);
    if (value == null) {
      throw new EntryProblem(path + " is missing");
    }
    return value;
  }

  /** The string, or null when absent or null. */
  static String optionalString(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(path, "a string", node);
    }
    return node.textValue();
  }

  /**
   * The text of a field the format says is a string, taking a number or a boolean as its text (as
   * JSON writes it) and counting it in {@code asText}: real recorders write {@code "value": 13}. An
   * object or an array is still an error.
   *
   * @return the text, or null when absent or null
   */
  static String lenientString(JsonNode parent, String name, String path, TextTally asText)
      throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      asText.count++;
      return node.asText();
    }
    throw wrongType(path, "a string", node);
  }

  /**
   * Like {@link #lenientString} for a string the format requires: a null is counted too and read as
   * empty text; absent is an error.
   */
  static String lenientRequiredString(JsonNode parent, String name, String path, TextTally asText)
      throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null) {
      throw new EntryProblem(path + " is missing");
    }
    if (node.isNull()) {
      asText.count++;
      return "";
    }
    return lenientString(parent, name, path, asText);
  }

  /** Values of another JSON type an entry's reading took as text. */
  static final class TextTally {
    int count;
  }

  /** The number, or null when absent or null. */
  static Double optionalNumber(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw wrongType(path, "a number", node);
    }
    return node.doubleValue();
  }

  static long requiredLong(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new EntryProblem(path + " is missing");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(path, "a whole number", node);
    }
    return node.longValue();
  }

  /** The whole number, or {@code fallback} when absent or null. */
  static long optionalLong(JsonNode parent, String name, String path, long fallback)
      throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw wrongType(path, "a number", node);
    }
    return node.longValue();
  }

  static boolean optionalBoolean(JsonNode parent, String name, String path) throws EntryProblem {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw wrongType(path, "true or false", node);
    }
    return node.booleanValue();
  }

  static EntryProblem wrongType(String path, String expected, JsonNode actual) {
    return new EntryProblem(path + " must be " + expected + ", found " + describe(actual));
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return switch (node.getNodeType()) {
      case STRING -> "the string " + text;
      case NUMBER -> "the number " + text;
      case BOOLEAN -> text;
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> text;
    };
  }
}
