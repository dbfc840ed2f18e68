package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.GuardOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A guard is part of the check's verdict in every report, and comes back from the store's copy. */
class GuardsInReportsTest {
  private static GuardOutcome guard(long id, GuardOutcome.Status status, String reason) {
    return new GuardOutcome(
        id,
        "unknown customer stays a 404",
        7,
        "Orders of unknown customers answered 500",
        "GET /customers/999/orders",
        "status 404",
        status,
        reason);
  }

  private static final GuardOutcome FAILED =
      guard(1, GuardOutcome.Status.FAILED, "Expected status 404, got 500.");
  private static final GuardOutcome PASSED = guard(2, GuardOutcome.Status.PASSED, "Status 404.");
  private static final GuardOutcome NOT_JUDGED =
      guard(
          3,
          GuardOutcome.Status.NOT_JUDGED,
          "The old build gave no answer to compare with (refused).");
  private static final GuardOutcome NOT_SENT =
      guard(4, GuardOutcome.Status.NOT_SENT, "POST has side effects.");

  @Test
  void aFailedGuardFailsACheckThatWouldPassAndEveryReportNamesItsIncident() {
    CheckResult result = Results.passing().withGuards(List.of(FAILED, PASSED));

    assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
    assertThat(result.summary().regressions()).isZero();
    String json = JsonReport.toJson(result);
    assertThat(json)
        .contains("\"verdict\" : \"fail\"")
        .contains("\"incident\" : \"Orders of unknown customers answered 500\"")
        .contains("\"outcome\" : \"failed\"", "\"outcome\" : \"passed\"");
    String junit = new JunitReport().render(result);
    assertThat(junit)
        .contains("<testsuites name=\"spotter\" tests=\"", "failures=\"1\"")
        .contains("<property name=\"spotter.verdict\" value=\"fail\"/>")
        .contains("name=\"guard 1 unknown customer stays a 404 (incident 7: Orders of unknown")
        .contains("<failure type=\"guard\" message=\"The mistake of incident 7");
    assertThat(new MarkdownSummary(ReportLimits.defaults()).render(result))
        .startsWith(
            "### ❌ Spotter check failed: Guard 'unknown customer stays a 404' failed: the mistake"
                + " of incident 7 (Orders of unknown customers answered 500) is back")
        .contains("**Guards**: 1 of 2 failed");
    assertThat(new HtmlReport(ReportLimits.defaults()).render(result))
        .contains("<span class=\"pill\">Fail</span>", "<a href=\"#guards\">Guards</a>")
        .contains("incident 7: Orders of unknown customers answered 500")
        .doesNotContain("The check failed with 0 regressions");
  }

  @Test
  void theStoreCopyKeepsTheGuardsSoAStoredRunRendersTheSame() {
    CheckResult result = Results.passing().withGuards(List.of(FAILED, NOT_SENT));

    CheckResult back = JsonReportReader.read(JsonReport.forStore(result));

    assertThat(back.guards()).isEqualTo(result.guards());
    assertThat(back.summary().verdict()).isEqualTo(CheckVerdict.FAIL);
    assertThat(GuardLine.of(JsonReport.forStore(result)))
        .extracting(GuardLine::outcome)
        .containsExactly("failed", "not_sent");
  }

  @Test
  void aGuardThatCouldNotBeJudgedLeavesAPassingCheckWithoutAVerdictButAFailedOneStaysFailed() {
    CheckResult unjudged = Results.passing().withGuards(List.of(PASSED, NOT_JUDGED));
    assertThat(unjudged.summary().verdict()).isEqualTo(CheckVerdict.INCOMPLETE);
    assertThat(new JunitReport().render(unjudged))
        .contains("<error type=\"guard_not_judged\"", "<error type=\"no_verdict\"");
    assertThat(new MarkdownSummary(ReportLimits.defaults()).render(unjudged))
        .startsWith("### ⚠️ Spotter check gave no verdict: 1 guard could not be judged")
        .contains("Guard 3 'unknown customer stays a 404' (incident 7) could not be judged");

    assertThat(Results.failing().withGuards(List.of(NOT_JUDGED)).summary().verdict())
        .isEqualTo(CheckVerdict.FAIL);
    assertThat(Results.passing().withGuards(List.of(FAILED, NOT_JUDGED)).summary().verdict())
        .isEqualTo(CheckVerdict.FAIL);
  }

  @Test
  void passedAndUnsentGuardsLeaveAPassingCheckPassing() {
    CheckResult result = Results.passing().withGuards(List.of(PASSED, NOT_SENT));

    assertThat(result.summary().verdict()).isEqualTo(CheckVerdict.PASS);
    String junit = new JunitReport().render(result);
    assertThat(junit).contains("failures=\"0\"", "skipped=\"1\"", "<skipped message=\"POST");
    assertThat(new MarkdownSummary(ReportLimits.defaults()).render(result))
        .startsWith("### ✅ Spotter check passed");
  }

  @Test
  void aReportWithoutGuardsReadsBackWithNone() {
    assertThat(JsonReportReader.read(JsonReport.toJson(Results.failing())).guards()).isEmpty();
    String old = JsonReport.toJson(Results.failing()).replace("\"guards\" : [ ],", "");
    assertThat(old).doesNotContain("\"guards\"");
    assertThat(JsonReportReader.read(old).guards()).isEmpty();
  }
}
