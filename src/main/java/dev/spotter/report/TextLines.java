package dev.spotter.report;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The line differences of one comparison of text bodies, pointers {@code /body/line/N}: a missing
 * line is numbered in the primary's body, an added line in the other's. Knowing both, a changed
 * line of the primary can be followed to the line it became in the other body.
 */
final class TextLines {
  private static final String PREFIX = "/body/line/";
  private static final Pattern LINE_POINTER = Pattern.compile("/body/line/[1-9][0-9]{0,8}");

  private final int[] missing;
  private final int[] added;

  private TextLines(int[] missing, int[] added) {
    this.missing = missing;
    this.added = added;
  }

  static TextLines of(List<Difference> differences) {
    List<Integer> missing = new ArrayList<>();
    List<Integer> added = new ArrayList<>();
    for (Difference d : differences) {
      if (!isLinePointer(d.pointer())) {
        continue;
      }
      if (d.kind() == DifferenceKind.FIELD_MISSING) {
        missing.add(lineOf(d.pointer()));
      } else if (d.kind() == DifferenceKind.FIELD_ADDED) {
        added.add(lineOf(d.pointer()));
      }
    }
    return new TextLines(sorted(missing), sorted(added));
  }

  static boolean isLinePointer(String pointer) {
    return pointer != null && LINE_POINTER.matcher(pointer).matches();
  }

  /** The 1-based line number of a line pointer. */
  static int lineOf(String pointer) {
    return Integer.parseInt(pointer.substring(PREFIX.length()));
  }

  static String pointer(int line) {
    return PREFIX + line;
  }

  /**
   * The line of the other body that line {@code n} of the primary's became: as many lines kept
   * before it in both bodies, so n less the primary's missing lines before it, pushed down by every
   * line the other body added up to there.
   */
  int otherLine(int n) {
    int line = n;
    for (int m : missing) {
      if (m < n) {
        line--;
      }
    }
    for (int a : added) {
      if (a <= line) {
        line++;
      }
    }
    return Math.max(1, line);
  }

  private static int[] sorted(List<Integer> lines) {
    return lines.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
