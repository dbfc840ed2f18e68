package dev.spotter.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one JSON path from a position in a text up to the first blank outside quotes, so that an
 * expectation such as {@code type $['unit price'] number} can continue after the path.
 */
final class JsonPathParser {
  private static final String UNSUPPORTED = "; " + JsonPathException.ACCEPTED;

  private final String text;
  private final int start;
  private int pos;

  JsonPathParser(String text, int start) {
    this.text = text;
    this.start = start;
    this.pos = start;
  }

  /** Where the path ended: the index of the blank after it, or the length of the text. */
  int end() {
    return pos;
  }

  JsonPath path() {
    if (!at('$')) {
      String rest = token();
      String hint =
          rest.startsWith(".") || rest.startsWith("[")
              ? ", such as $" + rest
              : rest.isEmpty() ? ", such as $.items[0].sku" : ", such as $." + rest;
      throw error("a JSON path starts with $" + hint);
    }
    pos++;
    List<JsonPath.Segment> segments = new ArrayList<>();
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      char c = text.charAt(pos);
      if (c == '.') {
        segments.add(dotted());
      } else if (c == '[') {
        segments.add(bracketed());
      } else {
        throw error("'" + c + "' cannot come here" + UNSUPPORTED);
      }
    }
    return new JsonPath(segments);
  }

  /** The error for text left after a whole path, when nothing may follow it. */
  JsonPathException unexpectedTrailing() {
    return new JsonPathException(
        text.substring(start),
        pos - start,
        "nothing may follow the path; a name with blanks is written in quotes, such as"
            + " $['unit price']");
  }

  private JsonPath.Segment dotted() {
    pos++; // the dot
    if (at('.')) {
      throw error("recursive descent (..) is not supported" + UNSUPPORTED);
    }
    if (at('*')) {
      throw error("wildcards (*) are not supported" + UNSUPPORTED);
    }
    int from = pos;
    while (pos < text.length() && isNameChar(text.charAt(pos))) {
      pos++;
    }
    if (pos == from) {
      throw error("a name must follow '.'; a name with other characters is written ['like this']");
    }
    return new JsonPath.Segment.Field(text.substring(from, pos));
  }

  private JsonPath.Segment bracketed() {
    pos++; // the bracket
    JsonPath.Segment segment;
    if (at('\'') || at('"')) {
      segment = new JsonPath.Segment.Field(quoted(text.charAt(pos)));
    } else if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      segment = new JsonPath.Segment.Index(index());
    } else if (at('*')) {
      throw error("wildcards (*) are not supported" + UNSUPPORTED);
    } else if (at('?')) {
      throw error("filters ([?(...)]) are not supported" + UNSUPPORTED);
    } else if (at('(')) {
      throw error("expressions ([(...)]) are not supported" + UNSUPPORTED);
    } else if (at('-')) {
      throw error("negative indexes are not supported; count from the start, from 0");
    } else {
      throw error("'[' is followed by an index such as [0] or a quoted name such as ['name']");
    }
    if (at(':')) {
      throw error("slices ([a:b]) are not supported" + UNSUPPORTED);
    }
    if (at(',')) {
      throw error("unions ([a,b]) are not supported" + UNSUPPORTED);
    }
    if (!at(']')) {
      throw error("']' is missing");
    }
    pos++;
    return segment;
  }

  private int index() {
    int from = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    String digits = text.substring(from, pos);
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      pos = from;
      throw error("index " + digits + " is too large");
    }
  }

  /** A name in quotes; a backslash keeps the next character as it is (\' \" \\). */
  private String quoted(char quote) {
    int open = pos;
    pos++;
    StringBuilder name = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        pos++;
        c = text.charAt(pos);
      }
      name.append(c);
      pos++;
    }
    if (pos >= text.length()) {
      pos = open;
      throw error("the quoted name is not closed with " + quote);
    }
    pos++; // the closing quote
    return name.toString();
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private boolean at(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  /** The text from the start of the path to the next blank, as the user would recognise it. */
  private String token() {
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(start, end);
  }

  private JsonPathException error(String problem) {
    // Quote the path up to the blank after the problem, so a quoted name with blanks stays whole.
    int end = Math.max(pos, start);
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return new JsonPathException(text.substring(start, end), pos - start, problem);
  }
}
