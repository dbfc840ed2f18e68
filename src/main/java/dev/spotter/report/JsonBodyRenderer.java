package dev.spotter.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pretty-prints a JSON body as HTML lines, marking the lines of values whose JSON Pointer (rooted
 * at {@code /body}, as differences are) is highlighted. It reads tokens as a stream so that a body
 * cut at capture, or cut here for display, still shows everything up to the cut.
 */
final class JsonBodyRenderer {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final int MAX_VALUE_CHARS = 2000;

  /**
   * How a line is marked: a difference judged a regression, one left undecided, or one judged
   * noise. Declared from the strongest: where two differences mark the same line, the stronger mark
   * shows.
   */
  enum Mark {
    REGRESSION("m-reg", "regression"),
    UNDECIDED("m-look", "undecided"),
    NOISE("m-noise", "noise");

    final String cssClass;
    final String label;

    Mark(String cssClass, String label) {
      this.cssClass = cssClass;
      this.label = label;
    }

    boolean strongerThan(Mark other) {
      return other == null || ordinal() < other.ordinal();
    }
  }

  /**
   * A highlighted pointer.
   *
   * @param mark its colour
   * @param title what changed there, shown on hover
   */
  record Highlight(Mark mark, String title) {}

  /**
   * One output line.
   *
   * @param depth nesting depth, for indentation
   * @param html escaped content, with syntax spans
   * @param highlight its mark, or null
   */
  record Line(int depth, StringBuilder html, Highlight highlight) {}

  /**
   * A rendering.
   *
   * @param lines the lines produced
   * @param complete the whole document was read without error
   * @param lineLimitReached stopped because of the line limit
   * @param shownPointers highlighted pointers that appear in the lines
   */
  record Rendered(
      List<Line> lines, boolean complete, boolean lineLimitReached, Set<String> shownPointers) {}

  private static final class Frame {
    final String pointer;
    final boolean object;
    final int openLine;
    final Highlight highlight;
    int count;

    Frame(String pointer, boolean object, int openLine, Highlight highlight) {
      this.pointer = pointer;
      this.object = object;
      this.openLine = openLine;
      this.highlight = highlight;
    }
  }

  private JsonBodyRenderer() {}

  /**
   * Renders the first {@code length} bytes. When they are not a JSON document, {@code complete} is
   * false and the lines hold what was read before the error (possibly nothing).
   */
  static Rendered render(
      byte[] bytes, int length, Map<String, Highlight> highlights, int maxLines) {
    List<Line> lines = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    boolean rootDone = false;
    boolean complete = false;
    String key = null;
    try (JsonParser p = FACTORY.createParser(bytes, 0, length)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (lines.size() >= maxLines) {
          return new Rendered(lines, false, true, shown);
        }
        if (t == JsonToken.FIELD_NAME) {
          key = p.currentName();
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          Frame f = stack.pop();
          String close = punct(t == JsonToken.END_OBJECT ? "}" : "]");
          if (f.count == 0) {
            lines.get(f.openLine).html().append(close);
          } else {
            lines.add(new Line(stack.size(), new StringBuilder(close), f.highlight));
          }
          rootDone = stack.isEmpty();
          continue;
        }
        if (rootDone) {
          // A second document after the first: not one JSON body.
          return new Rendered(lines, false, false, shown);
        }
        Frame parent = stack.peek();
        String pointer;
        StringBuilder html = new StringBuilder();
        if (parent == null) {
          pointer = "/body";
        } else {
          pointer =
              parent.pointer
                  + "/"
                  + (parent.object ? Escape.pointerToken(key) : String.valueOf(parent.count));
          if (parent.count > 0) {
            lines.get(lines.size() - 1).html().append(punct(","));
          }
          parent.count++;
          if (parent.object) {
            html.append("<span class=\"k\">").append(string(key)).append("</span>");
            html.append(punct(":")).append(' ');
          }
        }
        Highlight h = highlights.get(pointer);
        if (h != null) {
          shown.add(pointer);
        }
        int depth = stack.size();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          boolean object = t == JsonToken.START_OBJECT;
          html.append(punct(object ? "{" : "["));
          lines.add(new Line(depth, html, h));
          stack.push(new Frame(pointer, object, lines.size() - 1, h));
        } else {
          html.append(scalar(p, t));
          lines.add(new Line(depth, html, h));
          rootDone = parent == null;
        }
      }
      complete = rootDone;
    } catch (IOException e) {
      complete = false;
    }
    return new Rendered(lines, complete, false, shown);
  }

  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> "<span class=\"s\">" + string(p.getText()) + "</span>";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          "<span class=\"n\">" + Escape.html(p.getText()) + "</span>";
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
          "<span class=\"l\">" + Escape.html(p.getText()) + "</span>";
      default -> Escape.html(p.getText());
    };
  }

  private static String punct(String s) {
    return "<span class=\"p\">" + s + "</span>";
  }

  /** A JSON string as JSON writes it (quotes, escapes), cut when very long, escaped for HTML. */
  static String string(String s) {
    String in = s == null ? "" : s;
    int shown = Math.min(in.length(), MAX_VALUE_CHARS);
    StringBuilder out = new StringBuilder(shown + 8).append('"');
    for (int i = 0; i < shown; i++) {
      char c = in.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(Escape.visible(c));
          } else {
            out.append(c);
          }
        }
      }
    }
    String html = Escape.html(out.append('"').toString());
    if (shown < in.length()) {
      html +=
          " <span class=\"cut\">… "
              + Fmt.count(in.length() - shown)
              + " more characters not shown</span>";
    }
    return html;
  }
}
