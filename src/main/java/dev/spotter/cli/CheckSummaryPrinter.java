package dev.spotter.cli;

import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few lines a check prints to the terminal, guards included; the reports hold everything else.
 */
final class CheckSummaryPrinter {
  private static final int MAX_LINES = 20;

  private CheckSummaryPrinter() {}

  static void print(CheckResult result, List<Path> reports, String runId, PrintStream out) {
    Summary s = result.summary();
    out.println();
    switch (s.verdict()) {
      case INCOMPLETE -> out.println("NO VERDICT: " + CheckRun.whyIncomplete(result) + ".");
      case PASS -> out.println("PASS: no regression.");
      case FAIL -> {
        List<String> why = new ArrayList<>();
        if (s.regressions() > 0) {
          long endpoints = result.endpoints().stream().filter(e -> e.regressions() > 0).count();
          why.add(
              String.format(
                  Locale.ROOT,
                  "%d %s in %d %s",
                  s.regressions(),
                  s.regressions() == 1 ? "regression" : "regressions",
                  endpoints,
                  endpoints == 1 ? "endpoint" : "endpoints"));
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
        out.println("FAIL: " + (why.isEmpty() ? "the check failed" : String.join("; ", why)) + ".");
      }
    }
    out.printf(
        Locale.ROOT,
        "  %,d requests: %,d compared, %,d skipped, %,d errors%n",
        s.requests(),
        s.compared(),
        s.skipped(),
        s.errors());
    for (SkipCount skip : result.skipped()) {
      out.printf(Locale.ROOT, "  skipped %,d: %s%n", skip.count(), skip.detail());
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
    if (s.verdict() != dev.spotter.replay.CheckVerdict.INCOMPLETE) {
      printFindings(result, Verdict.REGRESSION, "Regressions:", out);
      printFindings(
          result,
          Verdict.UNDECIDED,
          "Needs a look (changed on too few requests to tell; not counted as regressions):",
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
      CheckResult result, Verdict verdict, String heading, PrintStream out) {
    int lines = 0;
    int hidden = 0;
    for (EndpointReport e : result.endpoints()) {
      for (Finding f : e.findings()) {
        if (f.verdict() != verdict) {
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
            "  %-28s %-24s %-20s candidate %,d, secondary %,d of %,d%n",
            e.endpoint(),
            f.path(),
            f.kind().jsonName(),
            f.candidateCount(),
            f.noiseCount(),
            e.requests());
      }
    }
    if (hidden > 0) {
      out.printf(Locale.ROOT, "  ... and %d more in the report%n", hidden);
    }
  }
}
