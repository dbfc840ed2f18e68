package dev.spotter.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many values a {@link Redactor} replaced, by {@link RedactionKind}: what an import or a
 * recording reports as "redacted: 3 body fields, 1 path segment".
 *
 * @param byKind the counts, without the kinds never seen
 */
public record RedactionCounts(Map<RedactionKind, Long> byKind) {
  public static final RedactionCounts NONE = new RedactionCounts(Map.of());

  public RedactionCounts {
    EnumMap<RedactionKind, Long> copy = new EnumMap<>(RedactionKind.class);
    byKind.forEach(
        (kind, n) -> {
          if (n != 0) {
            copy.put(kind, n);
          }
        });
    byKind = Collections.unmodifiableMap(copy);
  }

  /** The count of one kind, 0 when none. */
  public long of(RedactionKind kind) {
    return byKind.getOrDefault(kind, 0L);
  }

  /** All values replaced. */
  public long total() {
    return byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** What was counted since {@code earlier}, a snapshot of the same redactor. */
  public RedactionCounts since(RedactionCounts earlier) {
    EnumMap<RedactionKind, Long> d = new EnumMap<>(RedactionKind.class);
    for (RedactionKind kind : RedactionKind.values()) {
      d.put(kind, of(kind) - earlier.of(kind));
    }
    return new RedactionCounts(d);
  }

  /** {@code 3 body fields, 1 path segment}, in the order of {@link RedactionKind}; "nothing". */
  public String describe() {
    if (byKind.isEmpty()) {
      return "nothing";
    }
    List<String> parts = new ArrayList<>();
    byKind.forEach((kind, n) -> parts.add(kind.describe(n)));
    return String.join(", ", parts);
  }
}
