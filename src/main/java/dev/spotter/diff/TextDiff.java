package dev.spotter.diff;

/**
 * Compares two texts line by line and says where they part: the first and last differing line after
 * the common beginning and end are taken away. Linear time, whatever the size.
 */
final class TextDiff {
  private TextDiff() {}

  /** Null when equal, otherwise the two sides of the differing region, rendered. */
  static String[] describe(String primary, String other) {
    if (primary.equals(other)) {
      return null;
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
    if (head == a.length && head == b.length) {
      // Same lines, different line endings.
      return new String[] {"line endings " + ending(primary), "line endings " + ending(other)};
    }
    return new String[] {region(a, head, a.length - tail), region(b, head, b.length - tail)};
  }

  private static String ending(String s) {
    return s.contains("\r\n") ? "CRLF" : "LF";
  }

  private static String region(String[] lines, int from, int to) {
    if (from >= to) {
      return "no lines at line " + (from + 1);
    }
    String first = JsonRendering.cut(lines[from]);
    if (to - from == 1) {
      return "line " + (from + 1) + ": " + first;
    }
    return "lines " + (from + 1) + "-" + to + ", from: " + first;
  }
}
