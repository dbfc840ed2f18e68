package dev.spotter.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares two texts line by line. Lines are aligned (a longest common subsequence over the part
 * between the common beginning and end) so that one inserted line does not make every following
 * line look changed; each changed, missing or added line is its own difference, so a noisy line (a
 * token, a timestamp) does not hide a change on another line.
 */
final class TextDiff {
  /** At most this many line differences per body: enough to show a change, bounded in cost. */
  static final int MAX_CHANGES = 50;

  /** Above this many cells the alignment falls back to comparing lines by position. */
  private static final long MAX_TABLE_CELLS = 250_000;

  private TextDiff() {}

  /**
   * One line that differs.
   *
   * @param kind value_changed, field_missing (only in the primary) or field_added (only in the
   *     other)
   * @param line 1-based line number: in the primary for changed and missing lines, in the other
   *     text for added lines
   * @param primary the primary's line, or null
   * @param other the other's line, or null
   */
  record LineChange(DifferenceKind kind, int line, String primary, String other) {}

  /** The differing lines, or a single whole-text change when only the line endings differ. */
  static List<LineChange> diff(String primary, String other) {
    if (primary.equals(other)) {
      return List.of();
    }
    String[] a = primary.split("\r?\n", -1);
    String[] b = other.split("\r?\n", -1);
    int head = 0;
    while (head < a.length && head < b.length && a[head].equals(b[head])) {
      head++;
    }
    int tail = 0;
    while (tail < a.length - head
        && tail < b.length - head
        && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
      tail++;
    }
    List<LineChange> changes = new ArrayList<>();
    if (head == a.length && head == b.length) {
      changes.add(
          new LineChange(
              DifferenceKind.VALUE_CHANGED,
              0,
              "line endings " + ending(primary),
              "line endings " + ending(other)));
      return changes;
    }
    int aEnd = a.length - tail;
    int bEnd = b.length - tail;
    long cells = (long) (aEnd - head) * (bEnd - head);
    if (cells <= MAX_TABLE_CELLS) {
      aligned(a, head, aEnd, b, head, bEnd, changes);
    } else {
      byPosition(a, head, aEnd, b, head, bEnd, changes);
    }
    return changes;
  }

  /** Longest common subsequence; runs of removed and inserted lines pair up as changed lines. */
  private static void aligned(
      String[] a, int a0, int a1, String[] b, int b0, int b1, List<LineChange> out) {
    int n = a1 - a0;
    int m = b1 - b0;
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a[a0 + i].equals(b[b0 + j])
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    List<Integer> removed = new ArrayList<>();
    List<Integer> inserted = new ArrayList<>();
    while (i < n || j < m) {
      if (i < n && j < m && a[a0 + i].equals(b[b0 + j])) {
        flush(a, b, removed, inserted, out);
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        inserted.add(b0 + j++);
      } else {
        removed.add(a0 + i++);
      }
    }
    flush(a, b, removed, inserted, out);
  }

  private static void flush(
      String[] a, String[] b, List<Integer> removed, List<Integer> inserted, List<LineChange> out) {
    int pairs = Math.min(removed.size(), inserted.size());
    for (int k = 0; k < pairs; k++) {
      add(out, DifferenceKind.VALUE_CHANGED, removed.get(k), a[removed.get(k)], b[inserted.get(k)]);
    }
    for (int k = pairs; k < removed.size(); k++) {
      add(out, DifferenceKind.FIELD_MISSING, removed.get(k), a[removed.get(k)], null);
    }
    for (int k = pairs; k < inserted.size(); k++) {
      add(out, DifferenceKind.FIELD_ADDED, inserted.get(k), null, b[inserted.get(k)]);
    }
    removed.clear();
    inserted.clear();
  }

  private static void byPosition(
      String[] a, int a0, int a1, String[] b, int b0, int b1, List<LineChange> out) {
    int common = Math.min(a1 - a0, b1 - b0);
    for (int k = 0; k < common; k++) {
      if (!a[a0 + k].equals(b[b0 + k])) {
        add(out, DifferenceKind.VALUE_CHANGED, a0 + k, a[a0 + k], b[b0 + k]);
      }
    }
    for (int k = a0 + common; k < a1; k++) {
      add(out, DifferenceKind.FIELD_MISSING, k, a[k], null);
    }
    for (int k = b0 + common; k < b1; k++) {
      add(out, DifferenceKind.FIELD_ADDED, k, null, b[k]);
    }
  }

  private static void add(
      List<LineChange> out, DifferenceKind kind, int index, String primary, String other) {
    if (out.size() < MAX_CHANGES) {
      out.add(
          new LineChange(
              kind,
              index + 1,
              primary == null ? null : JsonRendering.cut(primary),
              other == null ? null : JsonRendering.cut(other)));
    }
  }

  private static String ending(String s) {
    return s.contains("\r\n") ? "CRLF" : "LF";
  }
}
