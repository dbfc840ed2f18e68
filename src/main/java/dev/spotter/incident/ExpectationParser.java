package dev.spotter.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.TreeSet;

/** Reads the text of an {@link Expectation}; every error says what is accepted instead. */
final class ExpectationParser {
  static final String ACCEPTED =
      "write same, status 200,201, exists $.path, type $.path number, or equals $.path VALUE";
  private static final String TYPES = "string, number, integer, boolean, object, array or null";

  private final String text;
  private int pos;

  private ExpectationParser(String text) {
    this.text = text;
  }

  static Expectation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the expectation is empty; " + ACCEPTED);
    }
    return new ExpectationParser(text.strip()).expectation();
  }

  private Expectation expectation() {
    String keyword = word().toLowerCase(Locale.ROOT);
    return switch (keyword) {
      case "same" -> same();
      case "status" -> status();
      case "exists" -> new Expectation.Exists(lastPath("exists", "exists $.items[0].sku"));
      case "type" -> type();
      case "equals" -> equalsValue();
      default ->
          throw new IllegalArgumentException("'" + text + "' is not an expectation; " + ACCEPTED);
    };
  }

  private Expectation same() {
    if (!rest().isEmpty()) {
      throw new IllegalArgumentException(
          "same: nothing may follow it, yet '" + rest() + "' does; " + ACCEPTED);
    }
    return new Expectation.Same();
  }

  private Expectation status() {
    String list = rest();
    if (list.isEmpty()) {
      throw new IllegalArgumentException(
          "status: name the accepted codes or classes, such as status 200,201 or status 2xx");
    }
    TreeSet<Integer> codes = new TreeSet<>();
    TreeSet<Integer> classes = new TreeSet<>();
    // Commas are canonical; blanks between codes are forgiven (status 200, 201).
    for (String token : list.split("[,\\s]+")) {
      if (token.isEmpty()) {
        continue;
      } else if (token.matches("[1-9][0-9][0-9]")) {
        codes.add(Integer.parseInt(token));
      } else if (token.matches("[1-9][xX][xX]")) {
        classes.add(token.charAt(0) - '0');
      } else {
        throw new IllegalArgumentException(
            "status: '" + token + "' is not a status code or class (200, 2xx)");
      }
    }
    return new Expectation.StatusIn(codes, classes);
  }

  private Expectation type() {
    JsonPath path = path("type", "type $.total number");
    String type = rest();
    if (type.isEmpty()) {
      throw new IllegalArgumentException(
          "type: the type is missing after " + path + "; write one of " + TYPES);
    }
    for (Expectation.JsonType t : Expectation.JsonType.values()) {
      if (t.wireName().equalsIgnoreCase(type)) {
        return new Expectation.HasType(path, t);
      }
    }
    throw new IllegalArgumentException(
        "type: '" + type + "' is not a JSON type; write one of " + TYPES);
  }

  private Expectation equalsValue() {
    JsonPath path = path("equals", "equals $.status \"shipped\"");
    String literal = rest();
    if (literal.isEmpty()) {
      throw new IllegalArgumentException(
          "equals: the value is missing after " + path + "; write JSON, such as \"shipped\"");
    }
    JsonNode value = ExpectationJson.read(literal);
    if (value == null) {
      throw new IllegalArgumentException(
          "equals: '"
              + literal
              + "' is not a JSON value; write a string in double quotes (\"shipped\"), a number,"
              + " true, false, null, or JSON such as {\"id\":7}");
    }
    return new Expectation.EqualsValue(path, value);
  }

  /** A path that must end the text. */
  private JsonPath lastPath(String keyword, String example) {
    JsonPath path = path(keyword, example);
    if (!rest().isEmpty()) {
      throw new IllegalArgumentException(
          keyword
              + ": '"
              + rest()
              + "' follows the path "
              + path
              + "; a name with blanks is written in quotes, such as $['unit price']");
    }
    return path;
  }

  private JsonPath path(String keyword, String example) {
    skipBlanks();
    if (pos >= text.length()) {
      throw new IllegalArgumentException(
          keyword + ": the JSON path is missing; write it such as " + example);
    }
    JsonPathParser parser = new JsonPathParser(text, pos);
    try {
      JsonPath path = parser.path();
      pos = parser.end();
      return path;
    } catch (JsonPathException e) {
      throw new IllegalArgumentException(keyword + ": " + e.getMessage(), e);
    }
  }

  private String word() {
    int from = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return text.substring(from, pos);
  }

  /** What is left after the blanks at the current position. */
  private String rest() {
    skipBlanks();
    return text.substring(pos);
  }

  private void skipBlanks() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
