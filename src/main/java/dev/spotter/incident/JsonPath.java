package dev.spotter.incident;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A path to one value in a JSON document, in a small subset of JSONPath: the root {@code $}, then
 * any chain of {@code .name}, {@code ['any name']} (or {@code ["any name"]}) and {@code [3]} (an
 * array index, counted from 0), such as {@code $.items[0].sku} or {@code $['unit price']}.
 *
 * <p>A guard pins one value, so everything that selects several values or depends on position is
 * left out on purpose and rejected with a message that says so: wildcards ({@code *}), recursive
 * descent ({@code ..}), filters ({@code [?(...)]}), slices ({@code [1:3]}), unions ({@code [0,1]})
 * and negative indexes. {@link #toString()} writes the canonical form that {@link #parse} reads
 * back.
 */
public record JsonPath(List<Segment> segments) {
  /** Names written after a dot; any other name is written in brackets and quotes. */
  static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /** The root: the whole document. */
  public static final JsonPath ROOT = new JsonPath(List.of());

  public JsonPath {
    segments = List.copyOf(segments);
  }

  /** One step from a value to a value inside it. */
  public sealed interface Segment {
    /** A field of an object, by name. */
    record Field(String name) implements Segment {
      public Field {
        Objects.requireNonNull(name, "name");
      }
    }

    /** An element of an array, by index from 0. */
    record Index(int index) implements Segment {
      public Index {
        if (index < 0) {
          throw new IllegalArgumentException("an array index is 0 or more, not " + index);
        }
      }
    }
  }

  /**
   * Parses a whole path such as {@code $.items[0].sku}.
   *
   * @throws JsonPathException saying what is wrong, at which character, and what is accepted
   */
  public static JsonPath parse(String text) {
    if (text == null) {
      throw new JsonPathException(
          "", 0, "a JSON path is missing; write one such as $.items[0].sku");
    }
    JsonPathParser parser = new JsonPathParser(text, 0);
    JsonPath path = parser.path();
    if (parser.end() < text.length()) {
      throw parser.unexpectedTrailing();
    }
    return path;
  }

  /** This path with one more step. */
  public JsonPath then(Segment segment) {
    List<Segment> longer = new ArrayList<>(segments.size() + 1);
    longer.addAll(segments);
    longer.add(segment);
    return new JsonPath(longer);
  }

  /** The value this path points to in {@code root}, or empty when some step is not there. */
  public Optional<JsonNode> find(JsonNode root) {
    return lookup(root) instanceof Lookup.Found found
        ? Optional.of(found.value())
        : Optional.empty();
  }

  /** Follows the path, and when a step fails tells which one and what stood there instead. */
  Lookup lookup(JsonNode root) {
    JsonNode current = root;
    for (int i = 0; i < segments.size(); i++) {
      Segment step = segments.get(i);
      JsonNode next = null;
      if (step instanceof Segment.Field f && current.isObject()) {
        next = current.get(f.name());
      } else if (step instanceof Segment.Index x && current.isArray()) {
        next = current.get(x.index());
      }
      if (next == null) {
        return new Lookup.Missing(new JsonPath(segments.subList(0, i)), current, step);
      }
      current = next;
    }
    return new Lookup.Found(current);
  }

  /** What following a path gave. */
  sealed interface Lookup {
    record Found(JsonNode value) implements Lookup {}

    /**
     * A step could not be taken.
     *
     * @param reached the part of the path that was there
     * @param value the value found at {@code reached}
     * @param step the step that could not be taken from it: no such field, index out of range, or a
     *     value of the wrong kind (a field of an array, an index into an object)
     */
    record Missing(JsonPath reached, JsonNode value, Segment step) implements Lookup {}
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("$");
    for (Segment s : segments) {
      if (s instanceof Segment.Index x) {
        sb.append('[').append(x.index()).append(']');
      } else {
        String name = ((Segment.Field) s).name();
        if (PLAIN_NAME.matcher(name).matches()) {
          sb.append('.').append(name);
        } else {
          sb.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
      }
    }
    return sb.toString();
  }
}
