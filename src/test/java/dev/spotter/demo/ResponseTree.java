package dev.spotter.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.model.Header;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately simple, independent reading of a response as the tree {@code {"status", "headers",
 * "body"}}, for checking the sample service without Spotter's own diff engine: leaves by concrete
 * JSON Pointer, compared one by one, with array indexes folded to {@code *} in the reported path.
 */
final class ResponseTree {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResponseTree() {}

  /** A leaf of the tree: its folded path, JSON type and value. */
  record Leaf(String path, String type, String value) {}

  /** One difference between two responses, named the way Spotter names it. */
  record Difference(String pointer, String path, String kind) {}

  /** Every leaf of the response, keyed by concrete JSON Pointer. */
  static Map<String, Leaf> leaves(HttpResponseData response) {
    Map<String, Leaf> leaves = new LinkedHashMap<>();
    leaves.put("/status", new Leaf("/status", "number", Integer.toString(response.status())));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header h : response.headers().entries()) {
      headers
          .computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.value());
    }
    headers.forEach(
        (name, values) -> {
          String pointer = "/headers/" + escape(name);
          leaves.put(pointer, new Leaf(pointer, "header", String.join(", ", values)));
        });
    String contentType = response.headers().first("Content-Type").orElse("");
    if (contentType.contains("json") && !response.body().isEmpty()) {
      JsonNode body;
      try {
        body = MAPPER.readTree(response.body().bytes());
      } catch (IOException e) {
        throw new UncheckedIOException("a JSON answer did not parse: " + response.body().utf8(), e);
      }
      walk(body, "/body", "/body", leaves);
    } else {
      leaves.put("/body", new Leaf("/body", "text", response.body().utf8()));
    }
    return leaves;
  }

  /** The differences of {@code other} from {@code primary}, leaf by leaf. */
  static List<Difference> diff(HttpResponseData primary, HttpResponseData other) {
    Map<String, Leaf> a = leaves(primary);
    Map<String, Leaf> b = leaves(other);
    Set<String> pointers = new LinkedHashSet<>(a.keySet());
    pointers.addAll(b.keySet());
    List<Difference> differences = new ArrayList<>();
    for (String pointer : pointers) {
      Leaf left = a.get(pointer);
      Leaf right = b.get(pointer);
      String path = left != null ? left.path() : right.path();
      String kind;
      if (pointer.equals("/status")) {
        kind = left.value().equals(right.value()) ? null : "status_changed";
      } else if (pointer.startsWith("/headers/")) {
        kind =
            left != null && right != null && left.value().equals(right.value())
                ? null
                : "header_changed";
      } else if (left == null) {
        kind = "field_added";
      } else if (right == null) {
        kind = "field_missing";
      } else if (!left.type().equals(right.type())) {
        kind = "type_changed";
      } else {
        kind = left.value().equals(right.value()) ? null : "value_changed";
      }
      if (kind != null) {
        differences.add(new Difference(pointer, path, kind));
      }
    }
    return differences;
  }

  private static void walk(JsonNode node, String pointer, String path, Map<String, Leaf> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = escape(field.getKey());
        walk(field.getValue(), pointer + "/" + key, path + "/" + key, out);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, path + "/*", out);
      }
    } else if (node.isNumber()) {
      // numbers compare by value, not by how they were written
      out.put(
          pointer,
          new Leaf(path, "number", node.decimalValue().stripTrailingZeros().toPlainString()));
    } else {
      out.put(
          pointer,
          new Leaf(path, node.getNodeType().name().toLowerCase(Locale.ROOT), node.toString()));
    }
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
