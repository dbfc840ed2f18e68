package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextLinesTest {
  private static Difference line(int n, DifferenceKind kind) {
    return Results.line(n, kind, "p", "o");
  }

  @Test
  void onlyBodyLinePointersWithAPositiveNumberAreLines() {
    assertThat(TextLines.isLinePointer("/body/line/1")).isTrue();
    assertThat(TextLines.isLinePointer("/body/line/120")).isTrue();
    assertThat(TextLines.isLinePointer("/body/line/0")).isFalse();
    assertThat(TextLines.isLinePointer("/body/line/*")).isFalse();
    assertThat(TextLines.isLinePointer("/body/line/1/x")).isFalse();
    assertThat(TextLines.isLinePointer("/body/lines/1")).isFalse();
    assertThat(TextLines.isLinePointer("/body/line/99999999999")).isFalse();
  }

  @Test
  void aChangedLineIsFollowedPastMissingAndAddedLines() {
    // primary [A, B, C]; other [X, A, C'] : X added at 1, B missing at 2, C changed at 3.
    TextLines lines =
        TextLines.of(
            List.of(
                line(1, DifferenceKind.FIELD_ADDED),
                line(2, DifferenceKind.FIELD_MISSING),
                line(3, DifferenceKind.VALUE_CHANGED),
                Results.line(9, DifferenceKind.HEADER_CHANGED, "x", "y")));

    assertThat(lines.otherLine(3)).isEqualTo(3);
    assertThat(lines.otherLine(1)).isEqualTo(2);
    assertThat(TextLines.of(List.of()).otherLine(7)).isEqualTo(7);
  }

  @Test
  void followingAChangedLineAgreesWithTheEditThatMadeTheOtherBody() {
    for (long seed = 1; seed <= 200; seed++) {
      Random r = new Random(seed);
      // Build an edit of a primary of numbered lines, and the differences a line diff reports.
      List<String> primary = new ArrayList<>();
      for (int i = 1, n = 1 + r.nextInt(30); i <= n; i++) {
        primary.add("p" + i);
      }
      List<String> other = new ArrayList<>();
      List<Difference> diffs = new ArrayList<>();
      List<int[]> changed = new ArrayList<>();
      for (int i = 0; i < primary.size(); i++) {
        while (r.nextInt(5) == 0) {
          other.add("added");
          diffs.add(line(other.size(), DifferenceKind.FIELD_ADDED));
        }
        switch (r.nextInt(4)) {
          case 0 -> diffs.add(line(i + 1, DifferenceKind.FIELD_MISSING));
          case 1 -> {
            other.add(primary.get(i) + "'");
            diffs.add(line(i + 1, DifferenceKind.VALUE_CHANGED));
            changed.add(new int[] {i + 1, other.size()});
          }
          default -> other.add(primary.get(i));
        }
      }
      TextLines lines = TextLines.of(diffs);

      for (int[] c : changed) {
        assertThat(lines.otherLine(c[0]))
            .as("seed %d: primary line %d became other line %d", seed, c[0], c[1])
            .isEqualTo(c[1]);
      }
    }
  }
}
