package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spotter.model.Body;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the values at JSON Pointer paths (with {@code *} for any key or index) in JSON bodies. A
 * body that is not complete JSON is returned as it is.
 */
final class JsonRedaction {
  private final List<List<String>> paths;
  private final TextNode marker;

  JsonRedaction(List<String> pointers, String marker) {
    this.paths = pointers.stream().map(JsonRedaction::segments).toList();
    this.marker = TextNode.valueOf(marker);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  Body redact(Body body) {
    if (paths.isEmpty() || !startsLikeJson(body.bytes())) {
      return body;
    }
    JsonNode tree;
    try {
      tree = JsonSupport.WHOLE_DOCUMENT.readTree(body.bytes());
    } catch (IOException notJson) {
      return body;
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

  /** {@code /a~1b/*}{@code /c~0d} becomes [a/b, *, c~d] (RFC 6901 escapes). */
  static List<String> segments(String pointer) {
    List<String> list = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      list.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return list;
  }
}
