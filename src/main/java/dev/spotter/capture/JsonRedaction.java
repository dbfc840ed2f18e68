package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spotter.model.Body;
import dev.spotter.model.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts JSON bodies: the values at configured JSON Pointer paths (with {@code *} for any key or
 * index), the values of fields with a secret name at any depth (in arrays too; under an object or
 * array of that name, every string and number in it), and secrets told by their form in any string.
 *
 * <p>A body that looks like JSON (its first non-blank byte is <code>{</code> or {@code [}, or its
 * Content-Type is a JSON media type) but cannot be parsed, because it was cut at the body cap or is
 * simply broken, is redacted as text: {@code "name": "value"} pairs with a secret name, and secrets
 * told by their form. When paths are configured it fails closed instead, as a configured path
 * cannot be found in text: the whole body is replaced by the marker, keeping its truncated flag and
 * original size. Bodies that do not look like JSON are returned as they are.
 */
final class JsonRedaction {
  /** A {@code "name": "value"} pair in JSON text; the value may run to the end of a cut body. */
  private static final Pattern PAIR =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.){1,200})\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)");

  private final List<List<String>> paths;
  private final SecretNames names;
  private final Secrets secrets;

  JsonRedaction(List<String> pointers, SecretNames names, Secrets secrets) {
    this.paths = pointers.stream().map(JsonRedaction::segments).toList();
    this.names = names;
    this.secrets = secrets;
  }

  /** Whether the body is one this class redacts (looks like JSON). */
  static boolean looksLikeJson(Body body, Headers headers) {
    return startsLikeJson(body.bytes()) || hasJsonMediaType(headers);
  }

  /**
   * The body with every secret redacted, the body itself when there is nothing to redact, or the
   * marker alone when paths are configured and it looks like JSON but cannot be parsed.
   */
  Body redact(Body body) {
    if (body.isEmpty()) {
      return body;
    }
    JsonNode tree = null;
    if (!body.truncated()) { // a prefix of a document is never the whole of it
      try {
        tree = JsonSupport.WHOLE_DOCUMENT.readTree(body.bytes());
      } catch (IOException notJson) {
        tree = null;
      }
    }
    if (tree == null) {
      return paths.isEmpty() ? redactText(body) : withheld(body);
    }
    boolean changed = false;
    for (List<String> path : paths) {
      changed |= redactAt(tree, path, 0);
    }
    changed |= walk(tree);
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
    secrets.count(RedactionKind.WITHHELD_BODY);
    byte[] markerBytes = secrets.marker().getBytes(StandardCharsets.UTF_8);
    if (!body.truncated()) {
      return Body.of(markerBytes);
    }
    return new Body(markerBytes, Math.max(body.originalSize(), markerBytes.length), true);
  }

  /** JSON that does not parse, as text: secret-named pairs, then a scan of the rest. */
  private Body redactText(Body body) {
    String text = new String(body.bytes(), StandardCharsets.ISO_8859_1); // keeps every byte
    StringBuilder out = new StringBuilder(text.length());
    Matcher m = PAIR.matcher(text);
    int at = 0;
    while (m.find()) {
      String value = m.group(2);
      if (!names.isSecret(m.group(1)) || value.isEmpty() || secrets.isPlaceholder(value)) {
        continue;
      }
      out.append(scan(text.substring(at, m.start(2))))
          .append(secrets.hide(BodyRedaction.utf8(value)));
      secrets.count(RedactionKind.BODY_FIELD);
      at = m.end(2);
    }
    out.append(scan(text.substring(at)));
    return BodyRedaction.replaced(body, text, out.toString());
  }

  private String scan(String text) {
    return secrets.scan(text, null, UnaryOperator.identity());
  }

  /** Secret-named fields hidden, every other string scanned; true when something changed. */
  private boolean walk(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      for (String name : fields) {
        JsonNode child = object.get(name);
        if (names.isSecret(name)) {
          boolean[] hid = {false};
          object.set(name, hideAll(child, hid));
          changed |= hid[0];
        } else if (child.isTextual()) {
          String redacted = scanValue(child.textValue());
          if (!redacted.equals(child.textValue())) {
            object.set(name, TextNode.valueOf(redacted));
            changed = true;
          }
        } else if (child instanceof ContainerNode<?>) {
          changed |= walk(child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          String redacted = scanValue(child.textValue());
          if (!redacted.equals(child.textValue())) {
            array.set(i, TextNode.valueOf(redacted));
            changed = true;
          }
        } else if (child instanceof ContainerNode<?>) {
          changed |= walk(child);
        }
      }
    }
    return changed;
  }

  /** A string value: a learned credential whole, else what a scan finds in it. */
  private String scanValue(String value) {
    if (secrets.isLearned(value)) {
      secrets.count(RedactionKind.LEARNED_VALUE);
      return secrets.hide(value);
    }
    return scan(value);
  }

  /**
   * The value of a secret-named field: a string or number becomes its placeholder; every string and
   * number inside an object or array does; true, false and null say nothing and stay.
   *
   * @param hid set to true when something was hidden (containers change in place)
   */
  private JsonNode hideAll(JsonNode node, boolean[] hid) {
    if (node.isTextual() || node.isNumber()) {
      String text = node.isTextual() ? node.textValue() : node.asText();
      if (text.isEmpty() || secrets.isPlaceholder(text)) {
        return node;
      }
      secrets.count(RedactionKind.BODY_FIELD);
      hid[0] = true;
      return TextNode.valueOf(secrets.hide(text));
    }
    if (node instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      for (String name : fields) {
        object.set(name, hideAll(object.get(name), hid));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, hideAll(array.get(i), hid));
      }
    }
    return node;
  }

  private boolean redactAt(JsonNode node, List<String> path, int depth) {
    String segment = path.get(depth);
    boolean last = depth == path.size() - 1;
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<String> fieldNames = new ArrayList<>();
      if (segment.equals("*")) {
        object.fieldNames().forEachRemaining(fieldNames::add);
      } else if (object.has(segment)) {
        fieldNames.add(segment);
      }
      for (String name : fieldNames) {
        if (last) {
          changed |= replace(object.get(name), v -> object.set(name, v));
        } else {
          changed |= redactAt(object.get(name), path, depth + 1);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (segment.equals("*") || segment.equals(Integer.toString(i))) {
          int index = i;
          if (last) {
            changed |= replace(array.get(i), v -> array.set(index, v));
          } else {
            changed |= redactAt(array.get(i), path, depth + 1);
          }
        }
      }
    }
    return changed;
  }

  /** A value at a configured path, whatever its type, becomes the placeholder of its text. */
  private boolean replace(JsonNode value, Consumer<JsonNode> set) {
    String text = value.isTextual() ? value.textValue() : value.toString();
    if (value.isTextual() && secrets.isPlaceholder(text)) {
      return false;
    }
    set.accept(TextNode.valueOf(text.isEmpty() ? secrets.marker() : secrets.hide(text)));
    secrets.count(RedactionKind.BODY_FIELD);
    return true;
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
