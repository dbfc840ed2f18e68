package dev.spotter.diff;

import java.util.Objects;

/**
 * One difference between the primary's answer and another target's, seen as the tree {@code
 * {"status": ..., "headers": {...}, "body": ...}}.
 *
 * @param pointer concrete JSON Pointer, such as {@code /body/items/3/qty}
 * @param path the pointer with array indexes folded to {@code *} ({@code /body/items/*}{@code
 *     /qty}), the key findings are grouped by
 * @param kind what changed
 * @param primary a short rendering of the primary's value ({@code null} rendered as absent)
 * @param other a short rendering of the other target's value
 * @param change how far a value moved, for value changes; lets noise analysis tell a noisy value
 *     from one that moved further than noise ever does
 */
public record Difference(
    String pointer,
    String path,
    DifferenceKind kind,
    String primary,
    String other,
    ValueChange change) {

  public Difference {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    change = change == null ? ValueChange.NONE : change;
  }

  /** The grouping key of this difference within an endpoint. */
  public FindingKey key() {
    return new FindingKey(path, kind);
  }

  /** The key findings are grouped by within an endpoint: folded path and kind. */
  public record FindingKey(String path, DifferenceKind kind) implements Comparable<FindingKey> {
    @Override
    public int compareTo(FindingKey o) {
      int c = path.compareTo(o.path);
      return c != 0 ? c : kind.compareTo(o.kind);
    }
  }
}
