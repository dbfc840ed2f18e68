package dev.spotter.report;

import static dev.spotter.report.Escape.markdown;
import static dev.spotter.report.Escape.markdownCode;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.Finding;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code summary.md}, short enough for a pull-request comment: the verdict (or why there is
 * none; an undecided check is no pass) with the headline every report shows, the counts, the
 * coverage and what asking again cost, the guards with the incidents they protect against, the
 * changes across endpoints (first, each once), a table of the endpoints with regressions of their
 * own, the undecided findings with their counts and reasons, noise dismissed in one line, skipped
 * requests and errors when there are any, and a link to report.html beside it.
 */
public final class MarkdownSummary {
  private static final int TOP_PATHS = 3;

  private final ReportLimits limits;

  public MarkdownSummary(ReportLimits limits) {
    this.limits = limits;
  }

  /** The summary.md text of a result. */
  public String render(CheckResult result) {
    ReportView view = ReportView.of(result);
    Summary s = view.summary();
    StringBuilder out = new StringBuilder(2048);
    String name = "Spotter " + view.mode();
    String icon =
        switch (view.verdict()) {
          case INCOMPLETE, UNDECIDED -> "⚠️";
          case FAIL -> "❌";
          case PASS -> "✅";
        };
    String verdict =
        switch (view.verdict()) {
          case INCOMPLETE -> name + " gave no verdict";
          case UNDECIDED ->
              name
                  + " is undecided"
                  + (view.undecidedAccepted() ? " (accepted with --allow-undecided)" : "");
          case FAIL -> name + " failed";
          case PASS -> name + " passed";
        };
    out.append("### ").append(icon).append(' ').append(verdict).append(": ");
    out.append(markdown(view.headline())).append("\n\n");
    out.append("**")
        .append(Fmt.count(s.requests()))
        .append("** requests · **")
        .append(Fmt.count(s.compared()))
        .append("** compared · **")
        .append(Fmt.count(s.skipped()))
        .append("** skipped · **")
        .append(Fmt.count(s.errors()))
        .append("** errors · **")
        .append(Fmt.count(s.regressions()))
        .append("** regressions · **")
        .append(Fmt.count(view.undecidedCount()))
        .append("** undecided\n\n");
    view.run()
        .ifPresent(
            r ->
                out.append("Candidate ")
                    .append(markdownCode(r.candidate()))
                    .append(" against primary ")
                    .append(markdownCode(r.primary()))
                    .append(
                        r.source() == null || r.source().isEmpty()
                            ? ""
                            : ", traffic from " + markdown(r.source()))
                    .append(".\n\n"));

    for (TargetStats t : view.neverAnswered()) {
      String failures = HtmlReport.failureList(t);
      out.append("> **")
          .append(markdown(t.role()))
          .append("** (")
          .append(markdownCode(t.url()))
          .append(") never answered: ")
          .append(Fmt.count(t.sent()))
          .append(" requests sent")
          .append(failures.isEmpty() ? "" : ", " + markdown(failures))
          .append(".\n\n");
    }
    if (view.incomplete() && view.neverAnswered().isEmpty()) {
      for (String reason : view.noVerdictReasons()) {
        out.append("> ").append(markdown(reason)).append("\n");
      }
      out.append('\n');
    }

    String coverage = CheckText.coverage(result);
    if (!coverage.isEmpty()) {
      out.append("Coverage: ").append(markdown(coverage)).append(".\n\n");
    }
    String asked = CheckText.askedAgain(result.repeats());
    if (!asked.isEmpty()) {
      out.append("Asked again: ").append(markdown(asked)).append(".\n\n");
    }
    String drift = CheckText.drift(result);
    if (!drift.isEmpty()) {
      out.append("State may have drifted: ").append(markdown(drift)).append(".\n\n");
    }

    guards(view, out);
    acrossEndpoints(view, out);

    List<ReportView.RankedEndpoint> regressing = view.regressingEndpoints();
    if (!regressing.isEmpty()) {
      out.append("| Endpoint | Requests | Regressing | Top paths |\n");
      out.append("|---|--:|--:|---|\n");
      int rows = Math.min(regressing.size(), limits.markdownEndpoints());
      for (int i = 0; i < rows; i++) {
        ReportView.RankedEndpoint e = regressing.get(i);
        out.append("| ")
            .append(markdownCode(e.name()))
            .append(" | ")
            .append(Fmt.count(e.requests()))
            .append(" | ")
            .append(Fmt.count(e.regressing()))
            .append(" (")
            .append(Fmt.percent(e.regressing(), e.requests()))
            .append(") | ")
            .append(topPaths(e.regressions()))
            .append(" |\n");
      }
      if (regressing.size() > rows) {
        out.append("\n…and ")
            .append(Fmt.plural(regressing.size() - rows, "more endpoint", "more endpoints"))
            .append(" with regressions in the full report.\n");
      }
      out.append('\n');
    }

    undecided(view, out);

    if (view.noisePaths() > 0) {
      out.append("Noise dismissed: ")
          .append(Fmt.plural(view.noisePaths(), "path", "paths"))
          .append(" in ")
          .append(Fmt.plural(view.noiseEndpoints(), "endpoint", "endpoints"))
          .append(" varied as much between two answers of the old build")
          .append(noiseExamples(view))
          .append(".\n\n");
    }

    if (s.skipped() > 0) {
      List<String> parts = new ArrayList<>();
      for (SkipCount sk : view.result().skipped()) {
        String why = sk.detail() == null || sk.detail().isEmpty() ? sk.reason() : sk.detail();
        parts.add(markdown(why) + " (" + Fmt.count(sk.count()) + ")");
      }
      out.append("Skipped ")
          .append(Fmt.plural(s.skipped(), "request", "requests"))
          .append(parts.isEmpty() ? "" : ": " + String.join("; ", parts))
          .append(".\n\n");
    }
    if (s.errors() > 0) {
      out.append("Errors: ")
          .append(Fmt.plural(s.errors(), "request was", "requests were"))
          .append(" not compared because the primary gave no usable answer")
          .append(targetFailures(view))
          .append(".\n\n");
    }
    out.append("Full report: [report.html](report.html)\n");
    return out.toString();
  }

  /** Writes the summary.md text of a result. */
  public void write(CheckResult result, Writer out) {
    try {
      out.write(render(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per guard, failed ones first, each naming the incident it protects against. */
  private static void guards(ReportView view, StringBuilder out) {
    List<GuardOutcome> guards = view.guards();
    if (guards.isEmpty()) {
      return;
    }
    out.append("**Guards**: ")
        .append(Fmt.count(view.failedGuards().size()))
        .append(" of ")
        .append(Fmt.count(guards.size()))
        .append(" failed\n\n");
    List<GuardOutcome> ordered = new ArrayList<>(view.failedGuards());
    guards.stream().filter(g -> !g.failed()).forEach(ordered::add);
    for (GuardOutcome g : ordered) {
      String mark =
          switch (g.status()) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case NOT_JUDGED -> "⚠️ not judged:";
            case NOT_SENT -> "⏭️ not sent:";
          };
      out.append("- ")
          .append(mark)
          .append(" guard ")
          .append(g.guardId())
          .append(" ")
          .append(markdown(g.name()))
          .append(", against incident ")
          .append(g.incidentId())
          .append(" (")
          .append(markdown(g.incidentTitle()))
          .append("): ")
          .append(markdownCode(g.request()))
          .append(" expects ")
          .append(markdownCode(g.expectation()))
          .append(g.status() == GuardOutcome.Status.PASSED ? "" : ". " + markdown(g.reason()))
          .append('\n');
    }
    out.append('\n');
  }

  private static String topPaths(List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(TOP_PATHS, findings.size()); i++) {
      Finding f = findings.get(i);
      parts.add(markdownCode(f.path()) + " " + markdown(HtmlReport.kindName(f)));
    }
    if (findings.size() > TOP_PATHS) {
      parts.add("+" + (findings.size() - TOP_PATHS) + " more");
    }
    return String.join(", ", parts);
  }

  /** The changes across endpoints, before the endpoints: each once, with where it shows. */
  private static void acrossEndpoints(ReportView view, StringBuilder out) {
    List<CrossCuttingFinding> changes = view.crossCutting();
    if (changes.isEmpty()) {
      return;
    }
    out.append("**Across endpoints** (each change counted once):\n\n");
    out.append("| Change | Endpoints | Counts |\n");
    out.append("|---|---|---|\n");
    for (CrossCuttingFinding c : changes) {
      List<String> endpoints = new ArrayList<>();
      for (int i = 0; i < Math.min(TOP_PATHS, c.endpoints().size()); i++) {
        endpoints.add(markdownCode(ReportView.endpointName(c.endpoints().get(i))));
      }
      if (c.endpoints().size() > TOP_PATHS) {
        endpoints.add("+" + (c.endpoints().size() - TOP_PATHS) + " more");
      }
      out.append("| ")
          .append(markdownCode(c.path()))
          .append(' ')
          .append(markdown(c.kind() == null ? "unknown" : c.kind().jsonName()))
          .append(" | ")
          .append(String.join(", ", endpoints))
          .append(" | ")
          .append(markdown(CheckText.counts(c, view.result())))
          .append(" |\n");
    }
    out.append('\n');
  }

  /**
   * The first few undecided findings, each with its counts and its reason (which says what was
   * asked and why it is still undecided).
   */
  private static void undecided(ReportView view, StringBuilder out) {
    long total = view.undecidedFindings();
    if (total == 0) {
      return;
    }
    String undecided = CheckText.undecided(view.shown());
    out.append("**")
        .append(markdown(Character.toUpperCase(undecided.charAt(0)) + undecided.substring(1)))
        .append("**: neither shown to be a change nor noise, even after asking again.\n\n");
    int shown = 0;
    for (ReportView.RankedEndpoint e : view.undecidedEndpoints()) {
      for (Finding f : e.undecided()) {
        if (shown == TOP_PATHS) {
          break;
        }
        shown++;
        out.append("- ")
            .append(markdownCode(f.path()))
            .append(' ')
            .append(markdown(HtmlReport.kindName(f)))
            .append(" in ")
            .append(markdownCode(e.name()))
            .append(": ")
            .append(markdown(CheckText.counts(f, e.report())))
            .append(". ")
            .append(markdown(f.reason() == null ? "" : f.reason()))
            .append('\n');
      }
    }
    if (total > shown) {
      out.append("- …and ").append(Fmt.count(total - shown)).append(" more in the full report\n");
    }
    out.append('\n');
  }

  private static String noiseExamples(ReportView view) {
    Set<String> paths = new LinkedHashSet<>();
    for (ReportView.RankedEndpoint e : view.endpoints()) {
      for (Finding f : e.noise()) {
        if (paths.size() < TOP_PATHS) {
          paths.add(markdownCode(f.path()));
        }
      }
    }
    return paths.isEmpty()
        ? ""
        : " (" + String.join(", ", paths) + (view.noisePaths() > paths.size() ? ", …" : "") + ")";
  }

  private static String targetFailures(ReportView view) {
    List<String> parts = new ArrayList<>();
    for (TargetStats t : view.result().targets()) {
      String failures = HtmlReport.failureList(t);
      if (!failures.isEmpty()) {
        parts.add(markdown(t.role()) + ": " + markdown(failures));
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }
}
