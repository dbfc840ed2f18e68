package dev.spotter.cli;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import dev.spotter.report.CheckText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The few lines a check prints to the terminal, guards included; the reports hold everything else.
 * The verdict, counts and coverage are worded by {@link CheckText}, as in every report.
 */
final class CheckSummaryPrinter {
  private static final int MAX_LINES = 20;
  private static final int CROSS_CUTTING_ENDPOINTS = 5;

  private CheckSummaryPrinter() {}

  static void print(CheckResult result, List<Path> reports, String runId, PrintStream out) {
    Summary s = result.summary();
    out.println();
    out.println(verdictLine(result));
    out.println("  " + CheckText.requests(s));
    for (SkipCount skip : result.skipped()) {
      out.printf(Locale.ROOT, "  skipped %,d: %s%n", skip.count(), skip.detail());
    }
    String coverage = CheckText.coverage(result);
    if (!coverage.isEmpty()) {
      out.println("  Coverage: " + coverage);
    }
    String asked = CheckText.askedAgain(result.repeats());
    if (!asked.isEmpty()) {
      out.println("  Asked again: " + asked);
    }
    String drift = CheckText.drift(result);
    if (!drift.isEmpty()) {
      out.println("  State may have drifted: " + drift);
    }
    for (TargetStats t : result.targets()) {
      if (t.failures() > 0) {
        out.printf(
            Locale.ROOT,
            "  %s %s: %,d of %,d requests failed %s%n",
            t.role(),
            t.url(),
            t.failures(),
            t.sent(),
            t.failuresByKind());
      }
    }
    if (result.run().secondaryIsPrimary()) {
      out.println(
          "  note: no --secondary, so the primary was asked twice; values that differ between"
              + " instances (uptimes, per-process caches) cannot be told from the change.");
    }
    EndpointHints.suggestPatterns(result.endpoints())
        .forEach(hint -> out.println("  hint: " + hint));
    if (s.verdict() != CheckVerdict.INCOMPLETE) {
      printCrossCutting(result, out);
      printFindings(result, f -> f.isRegression() && !f.isCrossCutting(), "Regressions:", out);
      printFindings(
          result,
          Finding::isUndecided,
          "Undecided (neither shown to be a change nor noise, even after asking again):",
          out);
    }
    printGuards(result.guards(), out);
    if (!reports.isEmpty()) {
      Path html =
          reports.stream()
              .filter(p -> p.toString().endsWith(".html"))
              .findFirst()
              .orElse(reports.get(0));
      out.println();
      out.println(
          "Report: "
              + html
              + " (also report.json, junit.xml, summary.md in "
              + html.getParent()
              + ")");
    }
    if (runId != null) {
      out.println(
          "Run saved as " + runId + ": 'spotter report --run " + runId + "' writes it again.");
    }
  }

  /**
   * The first line: {@code FAIL: 1 change across 8 endpoints and 3 regressions in 2 endpoints.},
   * {@code UNDECIDED: no regression shown, but 3 findings on 2 endpoints are undecided (exit 2;
   * --allow-undecided accepts them).}; never PASS unless the verdict is pass.
   */
  static String verdictLine(CheckResult result) {
    Summary s = result.summary();
    return switch (s.verdict()) {
      case INCOMPLETE -> "NO VERDICT: " + CheckRun.whyIncomplete(result) + ".";
      case PASS -> "PASS: no regression.";
      case UNDECIDED ->
          s.undecidedAccepted()
              ? "UNDECIDED (accepted with --allow-undecided): "
                  + CheckText.undecidedVerdict(result)
                  + " (exit 0)."
              : "UNDECIDED: "
                  + CheckText.undecidedVerdict(result)
                  + " (exit 2; --allow-undecided accepts them).";
      case FAIL -> {
        List<String> why = new ArrayList<>();
        String regressions = CheckText.regressions(result);
        if (!regressions.isEmpty()) {
          why.add(regressions);
        }
        long guards = result.failedGuards();
        if (guards > 0) {
          why.add(
              String.format(
                  Locale.ROOT,
                  "%d of %d %s failed",
                  guards,
                  result.guards().size(),
                  result.guards().size() == 1 ? "guard" : "guards"));
        }
        yield "FAIL: " + (why.isEmpty() ? "the check failed" : String.join("; ", why)) + ".";
      }
    };
  }

  /**
   * Each change across endpoints once, before the regressions of single endpoints: its path and
   * kind, its counts over all of its endpoints, and the first few endpoints it shows on.
   */
  private static void printCrossCutting(CheckResult result, PrintStream out) {
    if (result.crossCutting().isEmpty()) {
      return;
    }
    out.println();
    out.println("Across endpoints:");
    for (CrossCuttingFinding c : result.crossCutting()) {
      out.printf(
          Locale.ROOT,
          "  %-28s %-24s %-20s %s%n",
          c.endpoints().size() + " endpoints",
          c.path(),
          c.kind().jsonName(),
          CheckText.counts(c, result));
      out.println("    " + CheckText.endpoints(c, CROSS_CUTTING_ENDPOINTS));
    }
  }

  /** Every guard on a line of its own, naming the incident it protects against. */
  private static void printGuards(List<GuardOutcome> guards, PrintStream out) {
    if (guards.isEmpty()) {
      return;
    }
    long failed = guards.stream().filter(GuardOutcome::failed).count();
    long unjudged = guards.stream().filter(GuardOutcome::notJudged).count();
    long notSent = guards.stream().filter(g -> g.status() == GuardOutcome.Status.NOT_SENT).count();
    long passed = guards.size() - failed - unjudged - notSent;
    out.println();
    out.println(
        "Guards: "
            + passed
            + " of "
            + guards.size()
            + " passed"
            + (unjudged > 0 ? ", " + unjudged + " could not be judged" : "")
            + (notSent > 0 ? ", " + notSent + " not sent" : "")
            + (failed > 0 ? "; the check fails" : "."));
    for (GuardOutcome g : guards) {
      String mark =
          switch (g.status()) {
            case PASSED -> "pass";
            case FAILED -> "FAIL";
            case NOT_JUDGED -> "ERROR";
            case NOT_SENT -> "skip";
          };
      out.println(
          "  ["
              + mark
              + "] guard "
              + g.guardId()
              + " '"
              + g.name()
              + "', against incident "
              + g.incidentId()
              + " ("
              + g.incidentTitle()
              + ")"
              + (g.status() == GuardOutcome.Status.PASSED ? "" : ": " + g.reason()));
    }
  }

  private static void printFindings(
      CheckResult result, Predicate<Finding> which, String heading, PrintStream out) {
    int lines = 0;
    int hidden = 0;
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        if (!which.test(f)) {
          continue;
        }
        if (lines == 0) {
          out.println();
          out.println(heading);
        }
        if (lines++ >= MAX_LINES) {
          hidden++;
          continue;
        }
        out.printf(
            Locale.ROOT,
            "  %-28s %-24s %-20s %s%n",
            e.endpoint(),
            f.path(),
            f.kind().jsonName(),
            CheckText.counts(f, e)
                + (f.cause() == FindingCause.STATE_DRIFT ? " (state may have drifted)" : ""));
      }
    }
    if (hidden > 0) {
      out.printf(Locale.ROOT, "  ... and %d more in the report%n", hidden);
    }
  }
}
