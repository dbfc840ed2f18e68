package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces the values at JSON Pointer paths (with {@code *} for any key or index) in JSON bodies.
 *
 * <p>Fails closed: a body that looks like JSON (its first non-blank byte is <code>{</code> or
 * {@code [}, or its Content-Type is a JSON media type) but cannot be parsed, because it was cut at
 * the body cap or is simply broken, may hold a secret at a configured path that cannot be found;
 * the whole body is then replaced by the marker, keeping its truncated flag and original size.
 * Bodies that do not look like JSON are returned as they are.
 */
final class JsonRedaction {
  private final List<List<String>> paths;
  private final TextNode marker;
  private final byte[] markerBytes;

  JsonRedaction(List<String> pointers, String marker) {
    this.paths = pointers.stream().map(JsonRedaction::segments).toList();
    this.marker = TextNode.valueOf(marker);
    this.markerBytes = marker.getBytes(StandardCharsets.UTF_8);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  /**
   * The body with every configured path redacted, the body itself when there is nothing to redact,
   * or the marker alone when it looks like JSON but cannot be parsed.
   *
   * @param headers the headers of the same message, read for Content-Type
   */
  Body redact(Body body, Headers headers) {
    if (paths.isEmpty() || body.isEmpty()) {
      return body;
    }
    if (!startsLikeJson(body.bytes()) && !hasJsonMediaType(headers)) {
      return body;
    }
    if (body.truncated()) {
      return withheld(body); // a prefix of a document is never the whole of it
    }
    JsonNode tree;
    try {
      tree = JsonSupport.WHOLE_DOCUMENT.readTree(body.bytes());
    } catch (IOException notJson) {
      return withheld(body);
    }
    boolean changed = false;
    for (List<String> path : paths) {
      changed |= redactAt(tree, path, 0);
    }
    if (!changed) {
      return body;
    }
    try {
      return Body.of(JsonSupport.MAPPER.writeValueAsBytes(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree could not be written again", e);
    }
  }

  /** The marker in place of a whole body whose secrets cannot be located. */
  private Body withheld(Body body) {
    if (!body.truncated()) {
      return Body.of(markerBytes);
    }
    return new Body(markerBytes, Math.max(body.originalSize(), markerBytes.length), true);
  }

  private boolean redactAt(JsonNode node, List<String> path, int depth) {
    String segment = path.get(depth);
    boolean last = depth == path.size() - 1;
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      if (segment.equals("*")) {
        object.fieldNames().forEachRemaining(names::add);
      } else if (object.has(segment)) {
        names.add(segment);
      }
      for (String name : names) {
        if (last) {
          object.set(name, marker);
          changed = true;
        } else {
          changed |= redactAt(object.get(name), path, depth + 1);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (segment.equals("*") || segment.equals(Integer.toString(i))) {
          if (last) {
            array.set(i, marker);
            changed = true;
          } else {
            changed |= redactAt(array.get(i), path, depth + 1);
          }
        }
      }
    }
    return changed;
  }

  private static boolean startsLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  /**
   * {@code application/json}, {@code text/json} and any {@code +json} type such as {@code
   * application/problem+json}.
   */
  static boolean hasJsonMediaType(Headers headers) {
    for (String value : headers.all("Content-Type")) {
      String type = value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      int slash = type.indexOf('/');
      String subtype = slash < 0 ? "" : type.substring(slash + 1);
      if (subtype.equals("json") || subtype.endsWith("+json")) {
        return true;
      }
    }
    return false;
  }

  /** {@code /a~1b/*}{@code /c~0d} becomes [a/b, *, c~d] (RFC 6901 escapes). */
  static List<String> segments(String pointer) {
    List<String> list = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      list.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return list;
  }
}
