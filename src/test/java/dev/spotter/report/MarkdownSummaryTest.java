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

    assertThat(md).startsWith("### ❌ Spotter check failed: 6 regressions in 2 endpoints\n");
    assertThat(md)
        .contains(
            "**915** requests · **880** compared · **35** skipped · **0** errors · **6**"
                + " regressions · **0** undecided\n");
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
  void anUndecidedCheckIsNoPassAndListsItsUndecidedFindingsWithTheirReasons() {
    String md = render(Results.undecidedPath(false));

    assertThat(md)
        .startsWith(
            "### ⚠️ Spotter check is undecided: No regression shown, but 1 finding on 1 endpoint"
                + " is undecided\n");
    assertThat(md)
        .contains(
            "\n**1 finding on 1 endpoint is undecided**: neither shown to be a change nor noise,"
                + " even after asking again.\n\n- `/body/shipping/eta` value\\_changed in `GET"
                + " /orders/{id}`: candidate 2, secondary 0 of 400. The old build never varies")
        .contains("Still undecided: asking again is off (replay.repeats).\n");
    assertThat(md).doesNotContain("| Endpoint |").doesNotContain("passed");
    assertThat(render(Results.failing())).doesNotContain("is undecided");
  }

  @Test
  void anAcceptedUndecidedCheckSaysSoInItsTitle() {
    String md = render(Results.undecidedAfterAsking().undecidedAccepted().build());

    assertThat(md)
        .startsWith(
            "### ⚠️ Spotter check is undecided (accepted with --allow-undecided): No regression"
                + " shown, but 2 findings on 2 endpoints are undecided\n");
  }

  @Test
  void coverageAndWhatAskingAgainCostAreOneLineEach() {
    String md = render(Results.undecidedAfterAsking().build());

    assertThat(md)
        .contains(
            "\nCoverage: 4 endpoints: 1 decided on the recorded traffic alone, 1 after asking"
                + " again, 2 undecided; 1 not covered (POST is not replayed without"
                + " --allow-side-effects).\n")
        .contains(
            "\nAsked again: 112 exchanges for 7 requests in 3 rounds (3.2 s); stopped: the"
                + " check's budget of 112 repeats is spent.\n")
        .contains(
            "- `/body/stock` value\\_changed in `GET /products/{id}`: candidate 3, secondary 0 of"
                + " 96 asks (80 requests asked 96 times in all).");
  }

  @Test
  void aChangeAcrossEndpointsComesFirstAndOnce() {
    String md = render(Results.acrossEndpoints());

    assertThat(md)
        .startsWith(
            "### ❌ Spotter check failed: 1 change across 3 endpoints and 1 regression in 1"
                + " endpoint\n")
        .contains(
            "**Across endpoints** (each change counted once):\n\n"
                + "| Change | Endpoints | Counts |\n"
                + "|---|---|---|\n"
                + "| `/headers/x-powered-by` field\\_added | `GET /orders/{id}`, `GET"
                + " /customers/{id}`, `GET /health` | candidate 580, secondary 0 of 580 |\n");
    assertThat(md.indexOf("**Across endpoints**")).isLessThan(md.indexOf("| Endpoint |"));
    assertThat(md.substring(md.indexOf("| Endpoint |")))
        .contains("| `GET /orders/{id}` | 400 | 400 (100 %) | `/body/total` type\\_changed |")
        .doesNotContain("x-powered-by")
        .doesNotContain("GET /customers/{id}");
  }

  @Test
  void manyUndecidedFindingsAreCutToAFew() {
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
        .contains("**5 findings on 5 endpoints are undecided**")
        .contains(
            "- `/body/v` value\\_changed in `GET /e2`: candidate 1, secondary 0 of 100. rare\n")
        .doesNotContain("`GET /e3`")
        .contains("- …and 2 more in the full report\n");
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
            "Errors: 4 requests were not compared because the primary gave no usable answer"
                + " (primary: timeout 4).");
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
