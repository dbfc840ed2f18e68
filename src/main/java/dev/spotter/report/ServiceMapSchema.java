package dev.spotter.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.diff.MediaTypes;
import dev.spotter.model.Body;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Infers the JSON shape of one endpoint's answers from the first bodies it is offered: every path
 * with the types seen there and how often it was present. Work and memory are bounded: at most
 * {@code maxBodies} bodies are decoded and parsed, at most {@link ServiceMapBuilder#MAX_FIELDS}
 * distinct paths are kept (objects used as dictionaries would otherwise add a path per key). The
 * entries of an object keyed by values ({@link MapKeys}) share one path, {@code $.versions{key}}.
 */
final class ServiceMapSchema {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String UNKNOWN_TYPE = "unknown type";

  private final int maxBodies;
  private final ServiceMapBuilder.BodyDecoder decoder;
  private final Map<String, PathTally> paths = new LinkedHashMap<>();
  private final Map<String, Long> notInferred = new TreeMap<>();
  private long bodies;
  private int examined;
  private int json;
  private boolean fieldsCut;
  private long invalidJson;
  private long truncated;
  private long undecodable;

  ServiceMapSchema(int maxBodies, ServiceMapBuilder.BodyDecoder decoder) {
    this.maxBodies = maxBodies;
    this.decoder = decoder;
  }

  /** Counts a 2xx answer with a body, and reads it while fewer than the maximum were read. */
  void offer(HttpResponseData response) {
    bodies++;
    if (examined >= maxBodies) {
      return;
    }
    examined++;
    Body body = decoder.decode(response);
    if (body == null) {
      undecodable++;
      return;
    }
    String essence = MediaTypes.essence(response.headers().first("content-type").orElse(null));
    // As the diff decides: JSON by its media type, or a body without one that looks like JSON.
    boolean claimsJson = MediaTypes.isJson(essence);
    if (!claimsJson && !(essence == null && startsLikeJson(body.bytes()))) {
      notInferred.merge(essence == null ? UNKNOWN_TYPE : essence, 1L, Long::sum);
      return;
    }
    JsonNode root = parse(body);
    if (root == null) {
      if (body.truncated()) {
        truncated++;
      } else if (claimsJson) {
        invalidJson++;
      } else {
        notInferred.merge(UNKNOWN_TYPE, 1L, Long::sum);
      }
      return;
    }
    json++;
    walk("$", null, root);
  }

  ServiceMap.Schema result() {
    List<ServiceMap.Field> fields = new ArrayList<>(paths.size());
    for (Map.Entry<String, PathTally> e : paths.entrySet()) {
      PathTally t = e.getValue();
      double presence = t.parent == null ? Double.NaN : (double) t.seen / paths.get(t.parent).seen;
      fields.add(new ServiceMap.Field(e.getKey(), t.typesByCount(), t.seen, presence));
    }
    return new ServiceMap.Schema(
        bodies,
        examined,
        json,
        fields,
        fieldsCut,
        notInferred,
        invalidJson,
        truncated,
        undecodable);
  }

  /**
   * Records a value at {@code path}.
   *
   * @param parent the path of the object holding it, whose count presence is measured against; null
   *     for the body itself and for array elements
   */
  private void walk(String path, String parent, JsonNode node) {
    PathTally tally = paths.get(path);
    if (tally == null) {
      if (paths.size() >= ServiceMapBuilder.MAX_FIELDS) {
        fieldsCut = true;
        return;
      }
      tally = new PathTally(parent);
      paths.put(path, tally);
    }
    tally.seen++;
    tally.types.merge(typeOf(node), 1L, Long::sum);
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (MapKeys.isValue(field.getKey())) {
          // an object used as a dictionary (versions, ids, dates as keys): one path for all its
          // entries, counted like the elements of an array, instead of a path per key
          walk(path + MapKeys.KEY, null, field.getValue());
        } else {
          walk(child(path, field.getKey()), path, field.getValue());
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        walk(path + "[]", null, element);
      }
    }
  }

  /** {@code $.sku} for a plain key; {@code $["unit price"]} for any other, quoted as JSON. */
  static String child(String path, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return path + "." + key;
    }
    return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  private static String typeOf(JsonNode node) {
    if (node.isObject()) {
      return "object";
    } else if (node.isArray()) {
      return "array";
    } else if (node.isTextual()) {
      return "string";
    } else if (node.isNumber()) {
      return "number";
    } else if (node.isBoolean()) {
      return "boolean";
    }
    return "null";
  }

  private static boolean startsLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  private static JsonNode parse(Body body) {
    try {
      JsonNode root = JsonReport.MAPPER.readTree(body.bytes());
      return root == null || root.isMissingNode() ? null : root;
    } catch (IOException e) {
      return null; // counted by the caller as invalid or truncated JSON
    }
  }

  /** How often a path was seen, and as which types. */
  private static final class PathTally {
    final String parent;
    final Map<String, Long> types = new HashMap<>(4);
    long seen;

    PathTally(String parent) {
      this.parent = parent;
    }

    List<String> typesByCount() {
      return types.entrySet().stream()
          .sorted(
              Map.Entry.<String, Long>comparingByValue()
                  .reversed()
                  .thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey)
          .toList();
    }
  }
}
