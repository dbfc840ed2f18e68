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
  void pathsThatNeedALookAreMentionedInOneLine() {
    String md = render(Results.undecidedPath(false));

    assertThat(md)
        .startsWith(
            "### ✅ Spotter check passed: No regressions in 460 compared requests; 1 path needs a"
                + " look\n");
    assertThat(md)
        .contains(
            "\nNeeds a look: 1 path changed on too few requests to judge: `/body/shipping/eta`"
                + " value\\_changed in `GET /orders/{id}`.\n");
    assertThat(md).doesNotContain("| Endpoint |");
    assertThat(render(Results.failing())).doesNotContain("Needs a look");
  }

  @Test
  void manyPathsThatNeedALookAreCutToAFew() {
    ResultBuilder b = new ResultBuilder();
    for (int i = 0; i < 5; i++) {
      b.endpoint(
          "GET /e" + i,
          100,
          1,
          0,
          ResultBuilder.undecided("/body/v", DifferenceKind.VALUE_CHANGED, 1, "rare"));
    }

    String md = render(b.build());

    assertThat(md)
        .contains(
            "Needs a look: 5 paths changed on too few requests to judge: `/body/v`"
                + " value\\_changed in `GET /e0`, `/body/v` value\\_changed in `GET /e1`,"
                + " `/body/v` value\\_changed in `GET /e2`, ….");
  }

  @Test
  void aCheckThatComparedNothingGivesNoVerdictAndSaysWhy() {
    CheckResult result =
        new ResultBuilder()
            .skipped("side_effect_method", "POST is not replayed without --allow-side-effects", 12)
            .build();

    String md = render(result);

    assertThat(md)
        .startsWith(
            "### ⚠️ Spotter check gave no verdict: No request was compared, so this run cannot"
                + " tell what the change alters\n");
    assertThat(md).contains("\n> No request was compared: 12 requests were read, 12 skipped.\n");
  }

  @Test
  void aTargetThatNeverAnsweredGivesNoVerdictAndIsNamed() {
    CheckResult result =
        new ResultBuilder()
            .endpoint("GET /a", 10, 0, 0)
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 10, 10),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 10, 10),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 10, 0))
            .build();

    String md = render(result);

    assertThat(md)
        .startsWith(
            "### ⚠️ Spotter check gave no verdict: candidate never answered, so this run cannot"
                + " tell what the change alters\n");
    assertThat(md)
        .contains(
            "> **candidate** (`http://127.0.0.1:8083`) never answered: 10 requests sent, timeout"
                + " 10.");
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
