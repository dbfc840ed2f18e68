package dev.spotter.diff;

import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the headers that are not ignored. Content-Type is split: a different media type is a
 * {@code media_type_changed}, a different parameter (charset) only a {@code header_changed}.
 */
final class HeaderComparison {
  private HeaderComparison() {}

  static void compare(Headers primary, Headers other, Set<String> ignored, DiffSink sink) {
    Map<String, String> p = collect(primary, ignored);
    Map<String, String> o = collect(other, ignored);
    for (Map.Entry<String, String> e : p.entrySet()) {
      String name = e.getKey();
      String pointer = "/headers/" + PathStack.escape(name);
      String otherValue = o.get(name);
      if (otherValue == null) {
        sink.add(pointer, pointer, DifferenceKind.FIELD_MISSING, e.getValue(), null);
      } else if (!otherValue.equals(e.getValue())) {
        sink.add(
            pointer, pointer, kindOf(name, e.getValue(), otherValue), e.getValue(), otherValue);
      }
    }
    for (Map.Entry<String, String> e : o.entrySet()) {
      if (!p.containsKey(e.getKey())) {
        String pointer = "/headers/" + PathStack.escape(e.getKey());
        sink.add(pointer, pointer, DifferenceKind.FIELD_ADDED, null, e.getValue());
      }
    }
  }

  private static DifferenceKind kindOf(String name, String primary, String other) {
    if (name.equals("content-type")
        && !java.util.Objects.equals(MediaTypes.essence(primary), MediaTypes.essence(other))) {
      return DifferenceKind.MEDIA_TYPE_CHANGED;
    }
    return DifferenceKind.HEADER_CHANGED;
  }

  /** Lower-case name to value; repeated fields joined with ", " as RFC 9110 allows. */
  private static Map<String, String> collect(Headers headers, Set<String> ignored) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Header h : headers.entries()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (ignored.contains(name) || name.startsWith(":")) {
        continue;
      }
      map.merge(name, h.value().trim(), (a, b) -> a + ", " + b);
    }
    return map;
  }
}
