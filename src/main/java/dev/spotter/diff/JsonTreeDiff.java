package dev.spotter.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks two JSON trees side by side: objects by key, arrays by index, as a set or by a key field as
 * configured, scalars by value. Reports each difference once, at the highest path where it shows (a
 * missing object is one {@code field_missing}, not one per field inside it).
 */
final class JsonTreeDiff {
  private final DiffSink sink;
  private final PathStack path;

  JsonTreeDiff(DiffSink sink, PathStack path) {
    this.sink = sink;
    this.path = path;
  }

  void compare(JsonNode primary, JsonNode other) {
    JsonNodeType pt = primary.getNodeType();
    JsonNodeType ot = other.getNodeType();
    if (pt != ot) {
      emit(
          DifferenceKind.TYPE_CHANGED,
          describe(primary),
          describe(other),
          new ValueChange.TypeShift(
              JsonRendering.typeName(primary), JsonRendering.typeName(other)));
      return;
    }
    switch (pt) {
      case OBJECT -> compareObjects(primary, other);
      case ARRAY -> compareArrays(primary, other);
      case NUMBER -> compareNumbers(primary, other);
      case STRING -> compareStrings(primary.textValue(), other.textValue());
      default -> {
        if (!primary.equals(other)) {
          emit(
              DifferenceKind.VALUE_CHANGED,
              JsonRendering.render(primary),
              JsonRendering.render(other),
              ValueChange.NONE);
        }
      }
    }
  }

  private void compareObjects(JsonNode primary, JsonNode other) {
    int matched = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = primary.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode counterpart = other.get(field.getKey());
      path.pushKey(field.getKey());
      if (counterpart == null) {
        emit(
            DifferenceKind.FIELD_MISSING,
            JsonRendering.render(field.getValue()),
            null,
            ValueChange.NONE);
      } else {
        matched++;
        compare(field.getValue(), counterpart);
      }
      path.pop();
    }
    // Every field of the other object that is not one of the matched ones was added.
    if (other.size() > matched) {
      Iterator<Map.Entry<String, JsonNode>> added = other.fields();
      while (added.hasNext()) {
        Map.Entry<String, JsonNode> field = added.next();
        if (!primary.has(field.getKey())) {
          path.pushKey(field.getKey());
          emit(
              DifferenceKind.FIELD_ADDED,
              null,
              JsonRendering.render(field.getValue()),
              ValueChange.NONE);
          path.pop();
        }
      }
    }
  }

  private void compareArrays(JsonNode primary, JsonNode other) {
    DiffSettings.ArrayRule rule = sink.arrayRuleFor(path);
    DiffSettings.ArrayMode mode = rule == null ? DiffSettings.ArrayMode.INDEX : rule.mode();
    switch (mode) {
      case INDEX -> compareByIndex(primary, other);
      case SET -> compareAsSet(primary, other);
      case KEYED -> compareByKey(primary, other, rule.keyField());
    }
  }

  private void compareByIndex(JsonNode primary, JsonNode other) {
    reportLength(primary, other);
    int common = Math.min(primary.size(), other.size());
    for (int i = 0; i < common; i++) {
      path.pushIndex(i);
      compare(primary.get(i), other.get(i));
      path.pop();
    }
  }

  private void reportLength(JsonNode primary, JsonNode other) {
    if (primary.size() != other.size()) {
      emit(
          DifferenceKind.ARRAY_LENGTH_CHANGED,
          primary.size() + " elements",
          other.size() + " elements",
          new ValueChange.Numeric(relativeDelta(primary.size(), other.size())));
    }
  }

  /**
   * Order does not matter: equal elements pair first; what is left pairs in canonical order, so a
   * changed element is compared with the most similar-looking one rather than reported whole.
   */
  private void compareAsSet(JsonNode primary, JsonNode other) {
    reportLength(primary, other);
    Map<String, List<Integer>> unmatchedOther = new HashMap<>();
    for (int i = 0; i < other.size(); i++) {
      unmatchedOther.computeIfAbsent(canonical(other.get(i)), k -> new ArrayList<>()).add(i);
    }
    List<Integer> leftoverPrimary = new ArrayList<>();
    for (int i = 0; i < primary.size(); i++) {
      List<Integer> same = unmatchedOther.get(canonical(primary.get(i)));
      if (same != null && !same.isEmpty()) {
        same.remove(same.size() - 1);
      } else {
        leftoverPrimary.add(i);
      }
    }
    List<Integer> leftoverOther = new ArrayList<>();
    unmatchedOther.values().forEach(leftoverOther::addAll);
    Comparator<Integer> byPrimary = Comparator.comparing(i -> canonical(primary.get(i)));
    Comparator<Integer> byOther = Comparator.comparing(i -> canonical(other.get(i)));
    leftoverPrimary.sort(byPrimary);
    leftoverOther.sort(byOther);
    int pairs = Math.min(leftoverPrimary.size(), leftoverOther.size());
    for (int k = 0; k < pairs; k++) {
      int oi = leftoverOther.get(k);
      path.pushIndex(oi);
      compare(primary.get(leftoverPrimary.get(k)), other.get(oi));
      path.pop();
    }
  }

  /**
   * Pairs elements by the value of a key field. Repeated keys pair by occurrence (the second "A"
   * with the second "A"); elements without the key pair by their order among such elements. An
   * element left without a partner is missing or added.
   */
  private void compareByKey(JsonNode primary, JsonNode other, String keyField) {
    Map<String, List<Integer>> otherByKey = new LinkedHashMap<>();
    for (int i = 0; i < other.size(); i++) {
      otherByKey.computeIfAbsent(keyOf(other.get(i), keyField), k -> new ArrayList<>()).add(i);
    }
    Map<String, Integer> used = new HashMap<>();
    for (int i = 0; i < primary.size(); i++) {
      String key = keyOf(primary.get(i), keyField);
      int occurrence = used.merge(key, 1, Integer::sum) - 1;
      List<Integer> candidates = otherByKey.get(key);
      if (candidates == null || occurrence >= candidates.size()) {
        path.pushIndex(i);
        emit(DifferenceKind.FIELD_MISSING, element(keyField, key), null, ValueChange.NONE);
        path.pop();
      } else {
        int oi = candidates.get(occurrence);
        path.pushIndex(oi);
        compare(primary.get(i), other.get(oi));
        path.pop();
      }
    }
    for (Map.Entry<String, List<Integer>> e : otherByKey.entrySet()) {
      int pairedAlready = used.getOrDefault(e.getKey(), 0);
      for (int k = pairedAlready; k < e.getValue().size(); k++) {
        path.pushIndex(e.getValue().get(k));
        emit(DifferenceKind.FIELD_ADDED, null, element(keyField, e.getKey()), ValueChange.NONE);
        path.pop();
      }
    }
  }

  private static String element(String keyField, String key) {
    return key.equals(NO_KEY)
        ? "element without " + keyField
        : "element with " + keyField + "=" + key;
  }

  private static final String NO_KEY = "\u0000(no key)";

  private static String keyOf(JsonNode element, String keyField) {
    JsonNode key = element.isObject() ? element.get(keyField) : null;
    return key == null ? NO_KEY : (key.isTextual() ? key.textValue() : key.toString());
  }

  /** Jackson keeps object fields in document order; a canonical form sorts them. */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      StringBuilder sb = new StringBuilder("{");
      for (String name : names) {
        sb.append('"').append(name).append("\":").append(canonical(node.get(name))).append(',');
      }
      return sb.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (JsonNode element : node) {
        sb.append(canonical(element)).append(',');
      }
      return sb.append(']').toString();
    }
    return node.toString();
  }

  private void compareNumbers(JsonNode primary, JsonNode other) {
    if (numericallyEqual(primary, other)) {
      return;
    }
    emit(
        DifferenceKind.VALUE_CHANGED,
        JsonRendering.render(primary),
        JsonRendering.render(other),
        new ValueChange.Numeric(relativeDelta(primary.doubleValue(), other.doubleValue())));
  }

  private static boolean numericallyEqual(JsonNode a, JsonNode b) {
    if (a.isIntegralNumber() && b.isIntegralNumber()) {
      return a.canConvertToLong() && b.canConvertToLong()
          ? a.longValue() == b.longValue()
          : a.bigIntegerValue().equals(b.bigIntegerValue());
    }
    if (a.isDouble() && b.isDouble() || a.isFloatingPointNumber() != b.isFloatingPointNumber()) {
      // 1 and 1.0 are the same number to every JSON client.
      return a.doubleValue() == b.doubleValue();
    }
    return a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  static double relativeDelta(double a, double b) {
    double scale = Math.max(Math.abs(a), Math.abs(b));
    if (scale == 0 || Double.isNaN(scale)) {
      return 0;
    }
    if (Double.isInfinite(scale)) {
      return 1;
    }
    return Math.abs(a - b) / scale;
  }

  private void compareStrings(String primary, String other) {
    if (primary.equals(other)) {
      return;
    }
    emit(
        DifferenceKind.VALUE_CHANGED,
        JsonRendering.quoted(primary),
        JsonRendering.quoted(other),
        new ValueChange.Textual(ValueShapes.of(primary), ValueShapes.of(other)));
  }

  private static String describe(JsonNode node) {
    return JsonRendering.typeName(node) + " " + JsonRendering.render(node);
  }

  private void emit(DifferenceKind kind, String primary, String other, ValueChange change) {
    String pointer = path.pointer();
    // Most differing paths have no array index; their folded path is the pointer itself.
    sink.add(pointer, path.hasIndex() ? path.folded() : pointer, kind, primary, other, change);
  }
}
