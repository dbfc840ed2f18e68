package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.replay.CheckResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSummaryTest {
  private static String render(CheckResult result) {
    return new MarkdownSummary(ReportLimits.defaults()).render(result);
  }

  @Test
  void aFailingCheckListsItsRegressingEndpointsInATable() {
    String md = render(Results.failing());

    assertThat(md).startsWith("### ❌ Spotter check failed: 6 regressions in 2 endpoints of 4\n");
    assertThat(md)
        .contains(
            "**915** requests · **880** compared · **35** skipped · **0** errors · **6** regressions");
    assertThat(md)
        .contains("| Endpoint | Requests | Regressing | Top paths |")
        .contains(
            "| `GET /orders/{id}` | 400 | 400 (100 %) | `/body/total` type\\_changed,"
                + " `/body/customerName` field\\_missing, `/body/customer_name` field\\_added |")
        .contains("| `GET /customers/{id}/summary` | 120 | 120 (100 %) |");
    assertThat(md).doesNotContain("| `GET /orders` |").doesNotContain("GET /health");
    assertThat(md).contains("Noise dismissed: 5 paths in 3 endpoints");
    assertThat(md)
        .contains("Skipped 35 requests: POST is not replayed without --allow-side-effects (35).");
    assertThat(md).endsWith("Full report: [report.html](report.html)\n");
  }

  @Test
  void aPassingCheckSaysSoWithoutATable() {
    String md = render(Results.passing());

    assertThat(md)
        .startsWith("### ✅ Spotter check passed: No regressions in 880 compared requests");
    assertThat(md).doesNotContain("| Endpoint |");
  }

  @Test
  void pipesAndBackticksCannotBreakTheTable() {
    CheckResult result =
        new ResultBuilder()
            .endpoint(
                "GET /a|b/`x`",
                10,
                10,
                10,
                ResultBuilder.regression(
                    "/body/p|q", DifferenceKind.VALUE_CHANGED, 10, 0, "reason | with pipe"))
            .build();

    String md = render(result);

    String row =
        Arrays.stream(md.split("\n")).filter(l -> l.startsWith("| ``")).findFirst().orElseThrow();
    assertThat(row)
        .isEqualTo("| `` GET /a\\|b/`x` `` | 10 | 10 (100 %) | `/body/p\\|q` value\\_changed |");
    // Four cells: five unescaped pipes.
    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5);
  }

  @Test
  void errorsAndTargetFailuresAreMentioned() {
    CheckResult result =
        new ResultBuilder()
            .errors(4)
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 14, 10),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 14, 14),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 14, 14))
            .endpoint("GET /a", 10, 0, 0)
            .build();

    String md = render(result);

    assertThat(md)
        .contains(
            "Errors: 4 requests were not compared because the primary or the secondary gave no"
                + " usable answer (primary: timeout 4).");
  }

  @Test
  void manyRegressingEndpointsAreCutToTheLimit() {
    ResultBuilder b = new ResultBuilder();
    for (int i = 0; i < 30; i++) {
      b.endpoint(
          "GET /e" + i,
          10,
          10,
          10,
          ResultBuilder.regression("/status", DifferenceKind.STATUS_CHANGED, 10, 0, "r"));
    }

    String md = render(b.build());

    List<String> rows = Arrays.stream(md.split("\n")).filter(l -> l.startsWith("| `GET")).toList();
    assertThat(rows).hasSize(20);
    assertThat(md).contains("…and 10 more endpoints with regressions in the full report.");
  }
}
