package dev.spotter.report;

import static dev.spotter.report.Escape.xml;
import static dev.spotter.report.Escape.xmlText;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.Finding;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes {@code junit.xml} so that any CI shows a regression as a failed test and an undecided
 * finding as no pass: one test case per change across endpoints (class {@value
 * #CROSS_CUTTING_CLASS}, named {@code PATH KIND}) that fails naming its endpoints; one test case
 * per endpoint (class {@code spotter.check}, named after the endpoint) that fails when the endpoint
 * has regressions of its own, errs (type {@code undecided}, with why) when it has undecided
 * findings, or is skipped when the team accepted those with {@code --allow-undecided}, and lists in
 * its output its parts of changes across endpoints (counted there, not here) and the noise
 * dismissed; one per target (class {@code spotter.targets}) that errs when the target never
 * answered; one per guard (class {@code spotter.guards}, named after the guard and its incident)
 * that fails when the candidate broke it again, errs when it could not be judged and is skipped
 * when it was not sent; and, when the check is incomplete, a test case {@value #VERDICT_CASE} that
 * errs saying why. Skipped requests and the run's settings are suite properties. Every value is
 * escaped and characters XML cannot carry are shown as {@code \\u0001} rather than written.
 */
public final class JunitReport {
  /** Test class of the endpoint test cases. */
  public static final String ENDPOINT_CLASS = "spotter.check";

  /** Name of the test case (class {@link #ENDPOINT_CLASS}) that errs when there is no verdict. */
  public static final String VERDICT_CASE = "verdict";

  /** Test class of the test cases of changes across endpoints. */
  public static final String CROSS_CUTTING_CLASS = "spotter.across_endpoints";

  /** Test class of the guard test cases. */
  public static final String GUARD_CLASS = "spotter.guards";

  /** Test class of the target test cases. */
  public static final String TARGET_CLASS = "spotter.targets";

  /** JUnit's timestamp: ISO 8601 without a zone; ours is UTC. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  public JunitReport() {}

  /** The junit.xml text of a result. */
  public String render(CheckResult result) {
    ReportView view = ReportView.of(result);
    Summary s = view.summary();
    List<ReportView.RankedEndpoint> endpoints = view.endpoints();
    List<GuardOutcome> guards = view.guards();
    List<CrossCuttingFinding> crossCutting = view.crossCutting();
    long failures =
        view.regressingEndpoints().size() + crossCutting.size() + view.failedGuards().size();
    boolean noVerdict = view.incomplete();
    // an endpoint failing for its own regressions says its undecided findings in that failure
    long undecidedCases =
        view.undecidedEndpoints().stream().filter(e -> e.regressions().isEmpty()).count();
    boolean accepted = view.undecidedAccepted();
    long errors =
        view.neverAnswered().size()
            + (noVerdict ? 1 : 0)
            + guards.stream().filter(GuardOutcome::notJudged).count()
            + (accepted ? 0 : undecidedCases);
    long skipped =
        guards.stream().filter(g -> g.status() == GuardOutcome.Status.NOT_SENT).count()
            + (accepted ? undecidedCases : 0);
    long tests =
        endpoints.size()
            + result.targets().size()
            + (noVerdict ? 1 : 0)
            + guards.size()
            + crossCutting.size();
    String time = seconds(view);

    StringBuilder out = new StringBuilder(8 * 1024);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites name=\"spotter\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"")
        .append(skipped)
        .append("\" time=\"")
        .append(time)
        .append("\">\n");
    out.append("  <testsuite name=\"spotter ")
        .append(xml(view.mode()))
        .append(view.run().map(r -> r.source() == null ? "" : " " + xml(r.source())).orElse(""))
        .append("\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"")
        .append(skipped)
        .append("\" time=\"")
        .append(time)
        .append('"');
    view.run()
        .map(RunInfo::startedAt)
        .ifPresent(t -> out.append(" timestamp=\"").append(TIMESTAMP.format(t)).append('"'));
    out.append(">\n");
    properties(out, view, s);
    if (noVerdict) {
      noVerdict(out, view);
    }
    for (GuardOutcome g : guards) {
      guard(out, g);
    }
    for (CrossCuttingFinding c : crossCutting) {
      crossCutting(out, c, result);
    }
    for (ReportView.RankedEndpoint e : endpoints) {
      endpoint(out, e, accepted);
    }
    for (TargetStats t : result.targets()) {
      target(out, t);
    }
    out.append("    <system-out>").append(xmlText(suiteOut(view, s))).append("</system-out>\n");
    out.append("  </testsuite>\n</testsuites>\n");
    return out.toString();
  }

  /** Writes the junit.xml text of a result. */
  public void write(CheckResult result, Writer out) {
    try {
      out.write(render(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(ReportView view) {
    return view.run()
        .filter(r -> r.startedAt() != null && r.finishedAt() != null)
        .map(r -> String.format(Locale.ROOT, "%.3f", Math.max(0, r.elapsed().toMillis()) / 1000.0))
        .orElse("0");
  }

  private static void properties(StringBuilder out, ReportView view, Summary s) {
    out.append("    <properties>\n");
    view.run()
        .ifPresent(
            r -> {
              property(out, "spotter.source", r.source());
              property(out, "spotter.primary", r.primary());
              property(
                  out,
                  "spotter.secondary",
                  r.secondaryIsPrimary() ? "primary asked twice" : r.secondary());
              property(out, "spotter.candidate", r.candidate());
              if (r.id() != null && !r.id().isEmpty()) {
                property(out, "spotter.run", r.id());
              }
            });
    property(out, "spotter.verdict", view.verdict().jsonName());
    property(out, "spotter.requests", String.valueOf(s.requests()));
    property(out, "spotter.compared", String.valueOf(s.compared()));
    property(out, "spotter.skipped", String.valueOf(s.skipped()));
    property(out, "spotter.errors", String.valueOf(s.errors()));
    property(out, "spotter.regressions", String.valueOf(s.regressions()));
    property(out, "spotter.crossCutting", String.valueOf(view.crossCutting().size()));
    property(out, "spotter.undecided", String.valueOf(view.undecidedCount()));
    property(out, "spotter.undecided.accepted", String.valueOf(s.undecidedAccepted()));
    if (!view.guards().isEmpty()) {
      property(out, "spotter.guards", String.valueOf(view.guards().size()));
      property(out, "spotter.guards.failed", String.valueOf(view.failedGuards().size()));
    }
    for (SkipCount sk : view.result().skipped()) {
      property(out, "spotter.skipped." + Escape.clean(sk.reason()), String.valueOf(sk.count()));
    }
    out.append("    </properties>\n");
  }

  private static void property(StringBuilder out, String name, String value) {
    out.append("      <property name=\"")
        .append(xml(name))
        .append("\" value=\"")
        .append(xml(value))
        .append("\"/>\n");
  }

  /** The check itself as an erring test case, so that CI cannot mistake no verdict for a pass. */
  private static void noVerdict(StringBuilder out, ReportView view) {
    out.append("    <testcase classname=\"")
        .append(ENDPOINT_CLASS)
        .append("\" name=\"")
        .append(VERDICT_CASE)
        .append("\" time=\"0\">\n");
    out.append("      <error type=\"no_verdict\" message=\"")
        .append(xml("No verdict: " + view.headline()))
        .append("\">")
        .append(
            xmlText(
                String.join("\n", view.noVerdictReasons())
                    + "\nThe run cannot tell what the change alters; fix this and run the check"
                    + " again."))
        .append("</error>\n");
    out.append("    </testcase>\n");
  }

  /**
   * A guard as a test case named after it and its incident: a failure when the candidate broke it
   * again, an error when it could not be judged, skipped when it was not sent.
   */
  private static void guard(StringBuilder out, GuardOutcome g) {
    String name =
        "guard "
            + g.guardId()
            + " "
            + g.name()
            + " (incident "
            + g.incidentId()
            + ": "
            + g.incidentTitle()
            + ")";
    out.append("    <testcase classname=\"")
        .append(GUARD_CLASS)
        .append("\" name=\"")
        .append(xml(name))
        .append("\" time=\"0\"");
    String detail =
        g.request()
            + "\nExpected: "
            + g.expectation()
            + "\n"
            + (g.reason() == null ? "" : g.reason());
    switch (g.status()) {
      case PASSED -> {
        out.append("/>\n");
        return;
      }
      case FAILED ->
          out.append(">\n      <failure type=\"guard\" message=\"")
              .append(
                  xml(
                      "The mistake of incident "
                          + g.incidentId()
                          + " ("
                          + g.incidentTitle()
                          + ") is back: "
                          + g.reason()))
              .append("\">")
              .append(xmlText(detail))
              .append("</failure>\n");
      case NOT_JUDGED ->
          out.append(">\n      <error type=\"guard_not_judged\" message=\"")
              .append(xml("Could not be judged: " + g.reason()))
              .append("\">")
              .append(xmlText(detail))
              .append("</error>\n");
      case NOT_SENT ->
          out.append(">\n      <skipped message=\"").append(xml(g.reason())).append("\"/>\n");
    }
    out.append("    </testcase>\n");
  }

  /** A change across endpoints as one failing test case, counted once whatever its endpoints. */
  private static void crossCutting(StringBuilder out, CrossCuttingFinding c, CheckResult result) {
    out.append("    <testcase classname=\"")
        .append(CROSS_CUTTING_CLASS)
        .append("\" name=\"")
        .append(xml(CheckText.name(c)))
        .append("\" time=\"0\">\n");
    String text =
        "Candidate differs in "
            + differsIn(c.candidateCount(), c.noiseCount(), c.requests(), CheckText.asks(c, result))
            + ", over every endpoint where either build differs here.\n"
            + (c.reason() == null ? "" : c.reason())
            + (c.examples().isEmpty() ? "" : "\nExamples: " + String.join(", ", c.examples()));
    out.append("      <failure type=\"regression\" message=\"")
        .append(
            xml(
                "A change across "
                    + Fmt.plural(c.endpoints().size(), "endpoint", "endpoints")
                    + ": "
                    + CheckText.endpoints(c, c.endpoints().size())))
        .append("\">")
        .append(xmlText(text))
        .append("</failure>\n");
    out.append("    </testcase>\n");
  }

  private static void endpoint(StringBuilder out, ReportView.RankedEndpoint e, boolean accepted) {
    out.append("    <testcase classname=\"")
        .append(ENDPOINT_CLASS)
        .append("\" name=\"")
        .append(xml(e.name()))
        .append("\" time=\"0\"");
    if (e.report().findings().isEmpty()) {
      out.append("/>\n");
      return;
    }
    out.append(">\n");
    if (!e.regressions().isEmpty()) {
      StringBuilder message = new StringBuilder();
      message.append(Fmt.plural(e.regressions().size(), "regression", "regressions")).append(": ");
      for (int i = 0; i < e.regressions().size(); i++) {
        Finding f = e.regressions().get(i);
        message
            .append(i == 0 ? "" : ", ")
            .append(f.path())
            .append(' ')
            .append(HtmlReport.kindName(f));
      }
      StringBuilder text = new StringBuilder();
      text.append(e.name())
          .append(": ")
          .append(Fmt.plural(e.regressing(), "request", "requests"))
          .append(" of ")
          .append(Fmt.count(e.requests()))
          .append(" regress.\n");
      for (Finding f : e.regressions()) {
        text.append('\n').append(findingText(f, e));
      }
      if (!e.undecided().isEmpty()) {
        text.append('\n').append(undecidedText(e));
      }
      out.append("      <failure type=\"regression\" message=\"")
          .append(xml(message.toString()))
          .append("\">")
          .append(xmlText(text.toString()))
          .append("</failure>\n");
    } else if (!e.undecided().isEmpty()) {
      String message = undecidedMessage(e);
      if (accepted) {
        out.append("      <skipped message=\"")
            .append(xml("undecided, accepted with --allow-undecided: " + message))
            .append("\"/>\n");
      } else {
        out.append("      <error type=\"undecided\" message=\"")
            .append(xml(message))
            .append("\">")
            .append(xmlText(undecidedText(e)))
            .append("</error>\n");
      }
    }
    StringBuilder text = new StringBuilder();
    if (!e.crossCutting().isEmpty()) {
      text.append("Part of changes across endpoints (counted with them, not here):\n");
      for (Finding f : e.crossCutting()) {
        text.append("\n- ")
            .append(CheckText.partOf(f))
            .append(": ")
            .append(CheckText.counts(f, e.report()))
            .append(".\n");
      }
    }
    if (accepted && e.regressions().isEmpty() && !e.undecided().isEmpty()) {
      text.append(text.length() == 0 ? "" : "\n").append(undecidedText(e));
    }
    if (!e.noise().isEmpty()) {
      text.append(text.length() == 0 ? "" : "\n").append("Dismissed as noise:\n");
      for (Finding f : e.noise()) {
        text.append('\n').append(findingText(f, e));
      }
    }
    if (text.length() > 0) {
      out.append("      <system-out>").append(xmlText(text.toString())).append("</system-out>\n");
    }
    out.append("    </testcase>\n");
  }

  /**
   * {@code 2 undecided findings: /body/a value_changed, /body/b field_added; still undecided: the
   * check's budget of 2000 repeats is spent}.
   */
  private static String undecidedMessage(ReportView.RankedEndpoint e) {
    List<String> paths = new ArrayList<>();
    Set<String> why = new LinkedHashSet<>();
    for (Finding f : e.undecided()) {
      paths.add(f.path() + " " + HtmlReport.kindName(f));
      String still = CheckText.stillUndecided(f);
      if (still != null) {
        why.add(still);
      }
    }
    return Fmt.plural(e.undecided().size(), "undecided finding", "undecided findings")
        + ": "
        + String.join(", ", paths)
        + (why.isEmpty() ? "" : "; still undecided: " + String.join("; ", why));
  }

  /** The undecided findings of an endpoint, each with its counts and its whole reason. */
  private static String undecidedText(ReportView.RankedEndpoint e) {
    StringBuilder text =
        new StringBuilder(
            "Undecided (neither shown to be a change nor noise, even after asking again; no"
                + " pass):\n");
    for (Finding f : e.undecided()) {
      text.append('\n').append(findingText(f, e));
    }
    return text.toString();
  }

  /** A finding's counts out of the endpoint's asks, its reason and its examples. */
  private static String findingText(Finding f, ReportView.RankedEndpoint e) {
    String askedTimes = CheckText.askedTimes(e.report());
    return "- "
        + f.path()
        + " "
        + HtmlReport.kindName(f)
        + ": candidate differs in "
        + differsIn(f.candidateCount(), f.noiseCount(), e.requests(), e.asks())
        + (askedTimes.isEmpty() ? "" : "; " + askedTimes)
        + ".\n  "
        + (f.reason() == null ? "" : f.reason())
        + (f.examples().isEmpty() ? "" : "\n  Examples: " + String.join(", ", f.examples()))
        + "\n";
  }

  /**
   * {@code 3 of 96 asks (3.1 %), secondary in 0 (0 %)}: counts out of asks, said as requests when
   * each was asked once.
   */
  private static String differsIn(long candidate, long secondary, long requests, long asks) {
    return Fmt.count(candidate)
        + " of "
        + (asks > requests ? Fmt.count(asks) + " asks" : Fmt.count(requests))
        + " ("
        + Fmt.percent(candidate, asks)
        + "), secondary in "
        + Fmt.count(secondary)
        + " ("
        + Fmt.percent(secondary, asks)
        + ")";
  }

  private static void target(StringBuilder out, TargetStats t) {
    String name = (t.role() == null ? "target" : t.role()) + " " + (t.url() == null ? "" : t.url());
    out.append("    <testcase classname=\"")
        .append(TARGET_CLASS)
        .append("\" name=\"")
        .append(xml(name.trim()))
        .append("\" time=\"0\"");
    if (!t.neverAnswered() && t.failures() == 0) {
      out.append("/>\n");
      return;
    }
    out.append(">\n");
    String failures = HtmlReport.failureList(t);
    if (t.neverAnswered()) {
      out.append("      <error type=\"target_never_answered\" message=\"")
          .append(
              xml(name.trim() + " never answered: " + Fmt.count(t.sent()) + " sent, 0 answered"))
          .append("\">")
          .append(
              xmlText(
                  "Failures: "
                      + (failures.isEmpty() ? "none recorded" : failures)
                      + "\nThe run cannot tell what the change alters until every target answers."))
          .append("</error>\n");
    } else {
      out.append("      <system-out>")
          .append(
              xmlText(
                  Fmt.count(t.answered())
                      + " of "
                      + Fmt.count(t.sent())
                      + " answered; failures: "
                      + failures))
          .append("</system-out>\n");
    }
    out.append("    </testcase>\n");
  }

  private static String suiteOut(ReportView view, Summary s) {
    StringBuilder text = new StringBuilder();
    text.append("Spotter ")
        .append(view.mode())
        .append(": ")
        .append(view.incomplete() ? "no verdict" : view.verdict().jsonName())
        .append(
            view.undecided() && view.undecidedAccepted()
                ? " (accepted with --allow-undecided)"
                : "")
        .append(". ")
        .append(view.headline())
        .append(".\n");
    text.append(Fmt.count(s.requests()))
        .append(" requests, ")
        .append(Fmt.count(s.compared()))
        .append(" compared, ")
        .append(Fmt.count(s.skipped()))
        .append(" skipped, ")
        .append(Fmt.count(s.errors()))
        .append(" errors, ")
        .append(Fmt.count(s.regressions()))
        .append(" regressions")
        .append(
            view.crossCutting().isEmpty()
                ? ""
                : " ("
                    + Fmt.count(view.crossCutting().size())
                    + " of them "
                    + (view.crossCutting().size() == 1 ? "a change" : "changes")
                    + " across endpoints)")
        .append(", ")
        .append(Fmt.count(view.undecidedCount()))
        .append(" undecided, ")
        .append(Fmt.count(view.noisePaths()))
        .append(" paths dismissed as noise.\n");
    String coverage = CheckText.coverage(view.result());
    if (!coverage.isEmpty()) {
      text.append("Coverage: ").append(coverage).append('\n');
    }
    String asked = CheckText.askedAgain(view.result().repeats());
    if (!asked.isEmpty()) {
      text.append("Asked again: ").append(asked).append('\n');
    }
    String drift = CheckText.drift(view.result());
    if (!drift.isEmpty()) {
      text.append("State may have drifted: ").append(drift).append('\n');
    }
    if (!view.guards().isEmpty()) {
      text.append("Guards: ")
          .append(Fmt.count(view.failedGuards().size()))
          .append(" of ")
          .append(Fmt.count(view.guards().size()))
          .append(" failed.\n");
    }
    for (SkipCount sk : view.result().skipped()) {
      text.append("Skipped ")
          .append(Fmt.count(sk.count()))
          .append(" (")
          .append(sk.reason())
          .append("): ")
          .append(sk.detail() == null ? "" : sk.detail())
          .append('\n');
    }
    return text.toString();
  }
}
