package dev.spotter.cli.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document is written, by its path ({@code replay.timeout}, {@code
 * diff.arrays[1].mode}). Jackson reports some errors only at the end of a mapping; this lets the
 * message point at the line of the key itself.
 */
final class KeyLocations {
  private KeyLocations() {}

  static Map<String, JsonLocation> index(JsonFactory factory, String text) {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
      Deque<Frame> stack = new ArrayDeque<>();
      String pendingKey = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case FIELD_NAME -> {
            pendingKey = join(stack.peek(), p.currentName());
            locations.putIfAbsent(pendingKey, p.currentTokenLocation());
          }
          case START_OBJECT, START_ARRAY -> {
            String path = valuePath(stack.peek(), pendingKey, p, locations);
            stack.push(new Frame(path, t == JsonToken.START_ARRAY));
            pendingKey = null;
          }
          case END_OBJECT, END_ARRAY -> {
            stack.pop();
            pendingKey = null;
          }
          default -> {
            valuePath(stack.peek(), pendingKey, p, locations);
            pendingKey = null;
          }
        }
      }
    } catch (IOException | RuntimeException broken) {
      // A document that does not parse has its own error, located by the parser.
    }
    return locations;
  }

  private static String valuePath(
      Frame parent, String pendingKey, JsonParser p, Map<String, JsonLocation> locations) {
    if (parent != null && parent.array) {
      String path = parent.path + "[" + parent.nextIndex++ + "]";
      locations.putIfAbsent(path, p.currentTokenLocation());
      return path;
    }
    return pendingKey == null ? "" : pendingKey;
  }

  private static String join(Frame parent, String key) {
    return parent == null || parent.path.isEmpty() ? key : parent.path + "." + key;
  }

  private static final class Frame {
    final String path;
    final boolean array;
    int nextIndex;

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }
  }
}
