package dev.spotter.report;

import static dev.spotter.report.Escape.html;

import dev.spotter.diff.noise.CrossCuttingFinding;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.FindingCause;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.CheckVerdict;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.GuardOutcome;
import dev.spotter.replay.NotCovered;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.SkipCount;
import dev.spotter.replay.Summary;
import dev.spotter.replay.TargetStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page for people, with the verdict and headline
 * counts (or, when the check has no verdict, why; an undecided check in amber, never green), the
 * coverage and what asking again cost, the changes across endpoints (once, at the top), the guards
 * and the incidents they protect against, endpoints ranked by regressions with their share of
 * traffic, each endpoint's findings (regressions in red, undecided findings in amber, dismissed
 * noise in blue, with counts out of asks, rates and the reason, which says how each was decided;
 * parts of a change across endpoints referred to it), and examples with the three answers side by
 * side. CSS and script are inline and allowed by hash in a Content Security Policy that forbids
 * everything else, so the page loads nothing and runs nothing but its own script, even if some
 * recorded value were to slip past escaping.
 */
public final class HtmlReport {
  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");
  private static final int TOP_PATHS = 3;

  private final ReportLimits limits;

  public HtmlReport(ReportLimits limits) {
    this.limits = limits;
  }

  /** The page for a result. */
  public String render(CheckResult result) {
    return new Page(ReportView.of(result)).render();
  }

  /** Writes the page for a result. */
  public void write(CheckResult result, Writer out) {
    try {
      out.write(render(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String kindName(Finding f) {
    return f.kind() == null ? "unknown" : f.kind().jsonName();
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/spotter/report/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** One rendering: holds the anchors shared between the findings and the examples. */
  private final class Page {
    private final ReportView view;
    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Map<String, String> exampleAnchors = new HashMap<>();
    // By identity: two endpoints may hold equal findings, and each row needs its own anchor.
    private final Map<Finding, String> findingAnchors = new IdentityHashMap<>();
    private final List<String> shownExamples;

    Page(ReportView view) {
      this.view = view;
      List<String> order = view.exampleOrder();
      this.shownExamples = order.subList(0, Math.min(order.size(), limits.htmlExamples()));
      for (int i = 0; i < shownExamples.size(); i++) {
        exampleAnchors.put(shownExamples.get(i), "ex-" + (i + 1));
      }
      List<ReportView.RankedEndpoint> endpoints = view.endpoints();
      for (int e = 0; e < endpoints.size(); e++) {
        ReportView.RankedEndpoint ep = endpoints.get(e);
        List<Finding> all = ep.findings();
        for (int f = 0; f < all.size(); f++) {
          findingAnchors.put(all.get(f), "f-" + (e + 1) + "-" + (f + 1));
        }
      }
    }

    String render() {
      head();
      out.append("<body><div class=\"page\">");
      top();
      nav();
      acrossEndpoints();
      guards();
      overview();
      endpointSections();
      examples();
      targets();
      out.append("<footer class=\"foot\">Written by Spotter · report.json schema ")
          .append(JsonReport.SCHEMA_VERSION)
          .append(" · the same data is in <code>report.json</code>, <code>junit.xml</code> and")
          .append(" <code>summary.md</code> beside this file</footer>");
      out.append("</div><script>").append(JS).append("</script></body></html>\n");
      return out.toString();
    }

    private void head() {
      String title =
          "Spotter "
              + view.mode()
              + ": "
              + (view.incomplete() ? "no verdict" : view.verdict().jsonName())
              + view.run().map(r -> " · " + Escape.clean(r.source())).orElse("");
      out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
      out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
      out.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
          .append("style-src ")
          .append(sha256(CSS))
          .append("; script-src ")
          .append(sha256(JS))
          .append("; img-src data:; base-uri 'none'; form-action 'none'\">");
      out.append("<meta name=\"referrer\" content=\"no-referrer\">");
      out.append("<title>").append(html(title)).append("</title>");
      out.append("<style>").append(CSS).append("</style></head>");
    }

    private String verdictClass() {
      return switch (view.verdict()) {
        case INCOMPLETE -> "incomplete";
        case UNDECIDED -> "undecided";
        case FAIL -> "fail";
        case PASS -> "pass";
      };
    }

    private void top() {
      Summary s = view.summary();
      String cls = verdictClass();
      out.append("<header class=\"top card v-").append(cls).append("\">");
      out.append("<div class=\"brand\">Spotter ").append(html(view.mode()));
      view.run()
          .ifPresent(
              r -> {
                if (r.source() != null && !r.source().isEmpty()) {
                  out.append(" · ").append(html(r.source()));
                }
              });
      out.append("</div>");
      out.append("<div class=\"headline\"><span class=\"pill\">")
          .append(view.verdictWord())
          .append("</span><h1>")
          .append(html(view.headline()))
          .append("</h1></div>");
      lede();
      out.append("<div class=\"stats\">");
      stat(Fmt.count(s.requests()), "requests", "");
      stat(Fmt.count(s.compared()), "compared", s.compared() <= 0 ? "warn" : "");
      stat(Fmt.count(s.skipped()), "skipped", s.skipped() > 0 ? "warn" : "");
      stat(Fmt.count(s.errors()), "errors", s.errors() > 0 ? "warn" : "");
      // Zero regressions is good news only when the check passed.
      String regressionTone =
          s.regressions() > 0 ? "bad" : view.verdict() == CheckVerdict.PASS ? "good" : "";
      stat(Fmt.count(s.regressions()), "regressions", regressionTone);
      int across = view.crossCutting().size();
      if (across > 0) {
        stat(
            Fmt.count(across),
            across == 1 ? "of them a change across endpoints" : "of them changes across endpoints",
            "bad");
      }
      long undecided = view.undecidedCount();
      stat(Fmt.count(undecided), "undecided", undecided > 0 ? "look" : "");
      stat(Fmt.count(view.noisePaths()), "noise paths dismissed", "");
      out.append("</div>");
      runDetails();
      out.append("</header>");
    }

    private void lede() {
      out.append("<p class=\"lede\">");
      if (view.incomplete()) {
        for (String reason : view.noVerdictReasons()) {
          out.append(html(reason)).append(' ');
        }
        out.append(noVerdictAdvice()).append("</p>");
        return;
      }
      int start = out.length();
      long regressing = view.regressingEndpoints().size();
      List<GuardOutcome> failedGuards = view.failedGuards();
      if (!failedGuards.isEmpty()) {
        out.append("The candidate answers a request that once broke production the way it did")
            .append(" then: <a href=\"#guards\">Guards</a> names the incident. ");
      }
      int across = view.crossCutting().size();
      if (across > 0) {
        out.append("The candidate makes ")
            .append(across == 1 ? "one change" : Fmt.count(across) + " changes")
            .append(" on many endpoints at once, counted once: <a href=\"#across\">Across")
            .append(" endpoints</a>. ");
      }
      if (view.failed() && (regressing > 0 || (failedGuards.isEmpty() && across == 0))) {
        out.append("The candidate answers differently from the old build where the old build")
            .append(" itself does not vary. ");
        if (regressing > 0) {
          out.append("Start with <a href=\"#e-1\"><code>")
              .append(html(view.endpoints().get(0).name()))
              .append("</code></a>.");
        }
      } else if (across > 0) {
        // said above: the change across endpoints is what the candidate alters
      } else if (view.undecidedFindings() == 0) {
        out.append("Every difference the candidate showed, the old build also showed between two")
            .append(" of its own answers");
        out.append(view.noisePaths() > 0 ? ", so it was dismissed as noise." : ".");
      } else if (view.noisePaths() > 0) {
        out.append("Differences the old build also shows between two of its own answers were")
            .append(" dismissed as noise.");
      }
      undecidedLede(regressing, out.length() > start);
      long drifted = CheckText.driftFindings(view.result());
      if (drifted > 0) {
        out.append(out.length() > start ? " " : "")
            .append("State may have drifted: ")
            .append(Fmt.plural(drifted, "finding was", "findings were"))
            .append(" read after a write that reached some targets only, so the copies may not")
            .append(" hold what the primary holds; they are marked so, not dismissed as noise.");
      }
      out.append("</p>");
    }

    /**
     * What is undecided, that it is no pass, and where to start.
     *
     * @param after whether the paragraph already says something
     */
    private void undecidedLede(long regressing, boolean after) {
      long undecided = view.undecidedFindings();
      if (undecided == 0) {
        return;
      }
      List<ReportView.RankedEndpoint> endpoints = view.endpoints();
      int first = endpoints.indexOf(view.undecidedEndpoints().get(0));
      boolean linkedAlready = view.failed() && regressing > 0 && first == 0;
      out.append(after ? " " : "")
          .append(undecided == 1 ? "One finding" : Fmt.count(undecided) + " findings")
          .append(undecided == 1 ? " is" : " are")
          .append(" neither shown to be a change nor noise, even after asking again");
      if (view.undecided()) {
        out.append(
            view.undecidedAccepted()
                ? ": the team accepted that with <code>--allow-undecided</code> (exit 0), but it is"
                    + " no pass"
                : ": this is no pass (exit 2; <code>--allow-undecided</code> accepts it)");
      }
      if (!linkedAlready) {
        out.append(". Start with <a href=\"#e-")
            .append(first + 1)
            .append("\"><code>")
            .append(html(endpoints.get(first).name()))
            .append("</code></a>");
      }
      out.append("; each reason says what was asked and why it is still undecided.");
    }

    private String noVerdictAdvice() {
      if (!view.neverAnswered().isEmpty()) {
        return "Start it, check its URL, then run the check again.";
      }
      Summary s = view.summary();
      if (s.skipped() > 0 && !view.result().skipped().isEmpty()) {
        return "<a href=\"#skipped\">Skipped</a> below says why requests were not replayed.";
      }
      if (s.errors() > 0) {
        return "<a href=\"#targets\">Targets</a> below shows how each target failed.";
      }
      return "Give the check traffic to replay, then run it again.";
    }

    private void stat(String number, String label, String tone) {
      out.append("<div class=\"stat ").append(tone).append("\"><span class=\"num\">");
      out.append(number)
          .append("</span><span class=\"lbl\">")
          .append(label)
          .append("</span></div>");
    }

    private void runDetails() {
      RunInfo r = view.run().orElse(null);
      if (r == null) {
        return;
      }
      out.append("<dl class=\"run\">");
      dd("Candidate", "<code>" + html(r.candidate()) + "</code>");
      dd("Primary", "<code>" + html(r.primary()) + "</code>");
      dd(
          "Secondary",
          r.secondaryIsPrimary()
              ? "the primary, asked twice"
              : "<code>" + html(r.secondary()) + "</code>");
      dd("Started", html(Fmt.instant(r.startedAt())));
      dd(
          "Took",
          html(r.startedAt() == null || r.finishedAt() == null ? "–" : Fmt.duration(r.elapsed())));
      StringBuilder settings = new StringBuilder();
      settings.append("concurrency ").append(r.concurrency());
      settings.append(", ");
      settings.append(
          Double.isFinite(r.ratePerSecond()) && r.ratePerSecond() > 0
              ? String.format(Locale.ROOT, "%.0f requests/s", r.ratePerSecond())
              : "no rate limit");
      if (r.timeout() != null) {
        settings.append(", timeout ").append(Fmt.duration(r.timeout()));
      }
      settings.append(r.allowSideEffects() ? ", side effects allowed" : ", safe methods only");
      dd("Settings", html(settings.toString()));
      String coverage = CheckText.coverage(view.result());
      if (!coverage.isEmpty()) {
        dd("Coverage", html(coverage));
      }
      String asked = CheckText.askedAgain(view.result().repeats());
      if (!asked.isEmpty()) {
        dd("Asked again", html(asked));
      }
      String drift = CheckText.drift(view.result());
      if (!drift.isEmpty()) {
        dd("State may have drifted", html(drift));
      }
      if (r.id() != null && !r.id().isEmpty()) {
        dd("Run", "<code>" + html(r.id()) + "</code>");
      }
      out.append("</dl>");
    }

    private void dd(String term, String safeHtml) {
      out.append("<div><dt>")
          .append(term)
          .append("</dt><dd>")
          .append(safeHtml)
          .append("</dd></div>");
    }

    private void nav() {
      out.append("<nav class=\"toc\">");
      if (!view.crossCutting().isEmpty()) {
        out.append("<a href=\"#across\">Across endpoints</a>");
      }
      if (!view.guards().isEmpty()) {
        out.append("<a href=\"#guards\">Guards</a>");
      }
      out.append("<a href=\"#endpoints\">Endpoints</a>");
      if (!shownExamples.isEmpty()) {
        out.append("<a href=\"#examples\">Examples</a>");
      }
      out.append("<a href=\"#targets\">Targets</a>");
      if (!view.result().skipped().isEmpty() || !view.result().notCovered().isEmpty()) {
        out.append("<a href=\"#skipped\">Skipped</a>");
      }
      out.append("<span class=\"legend\"><span class=\"sw m-reg\"></span>regression")
          .append("<span class=\"sw m-look\"></span>undecided")
          .append("<span class=\"sw m-noise\"></span>noise</span></nav>");
    }

    /**
     * The changes the candidate makes on many endpoints at once, each once, before anything else is
     * listed: its counts over all of its endpoints, which endpoints, and why.
     */
    private void acrossEndpoints() {
      List<CrossCuttingFinding> changes = view.crossCutting();
      if (changes.isEmpty()) {
        return;
      }
      out.append("<section id=\"across\" class=\"card across\"><h2>Across endpoints</h2>")
          .append("<p class=\"muted small\">Changes the candidate makes on many endpoints at")
          .append(" once, each judged on the requests of all of them together and counted once")
          .append(" as a regression; the endpoints below refer to them. Candidate and Noise count")
          .append(" the asks of every endpoint where either build differs there.</p>")
          .append("<table class=\"data findings reg\"><thead><tr><th>Path</th><th>Kind</th>")
          .append("<th>Endpoints</th><th class=\"num\">Candidate</th>")
          .append("<th class=\"num\">Noise</th><th class=\"num\">p</th><th>Why</th>")
          .append("<th>Examples</th></tr></thead><tbody>");
      for (int i = 0; i < changes.size(); i++) {
        CrossCuttingFinding c = changes.get(i);
        long asks = CheckText.asks(c, view.result());
        out.append("<tr id=\"x-")
            .append(i + 1)
            .append("\"><td><code class=\"path\">")
            .append(html(c.path()))
            .append("</code></td><td><span class=\"kind\">")
            .append(html(c.kind() == null ? "unknown" : c.kind().jsonName()))
            .append("</span></td><td>")
            .append(Fmt.count(c.endpoints().size()))
            .append(": ");
        for (int e = 0; e < c.endpoints().size(); e++) {
          String name = ReportView.endpointName(c.endpoints().get(e));
          int at = endpointIndex(name);
          out.append(e == 0 ? "" : ", ");
          if (at >= 0) {
            out.append("<a href=\"#e-").append(at + 1).append("\">");
          }
          out.append("<code>").append(html(name)).append("</code>");
          if (at >= 0) {
            out.append("</a>");
          }
        }
        out.append("</td><td class=\"num\">")
            .append(countAndRate(c.candidateCount(), asks))
            .append("</td><td class=\"num\">")
            .append(countAndRate(c.noiseCount(), asks))
            .append("</td><td class=\"num small\">")
            .append(html(Fmt.pValue(c.pValue(), c.candidateCount())))
            .append("</td><td class=\"reason\">")
            .append(html(c.reason()))
            .append("</td><td class=\"examples\">");
        exampleLinks(c.examples());
        out.append("</td></tr>");
      }
      out.append("</tbody></table></section>");
    }

    /** The index of an endpoint's section, or -1 when it has none. */
    private int endpointIndex(String name) {
      List<ReportView.RankedEndpoint> endpoints = view.endpoints();
      for (int i = 0; i < endpoints.size(); i++) {
        if (endpoints.get(i).name().equals(name) && !endpoints.get(i).findings().isEmpty()) {
          return i;
        }
      }
      return -1;
    }

    /** The anchor of the change across endpoints a finding is part of, or null. */
    private String crossCuttingAnchor(Finding f) {
      List<CrossCuttingFinding> changes = view.crossCutting();
      for (int i = 0; i < changes.size(); i++) {
        if (changes.get(i).key().equals(f.crossCutting())) {
          return "x-" + (i + 1);
        }
      }
      return null;
    }

    /**
     * The guards, first when there are any: each names the incident it protects against, what the
     * candidate had to answer and what it did.
     */
    private void guards() {
      List<GuardOutcome> guards = view.guards();
      if (guards.isEmpty()) {
        return;
      }
      out.append("<section id=\"guards\" class=\"card\"><h2>Guards</h2>")
          .append("<p class=\"muted small\">Requests that once broke production, pinned to their")
          .append(" post-mortem and sent to the candidate by every check; a guard that fails")
          .append(" fails the check.</p>")
          .append("<table class=\"data\"><thead><tr><th>Guard</th><th>Protects against</th>")
          .append("<th>Request</th><th>Expectation</th><th>Result</th><th>Why</th>")
          .append("</tr></thead><tbody>");
      for (GuardOutcome g : guards) {
        String[] tag =
            switch (g.status()) {
              case PASSED -> new String[] {"tag noise", "pass"};
              case FAILED -> new String[] {"tag reg", "fail"};
              case NOT_JUDGED -> new String[] {"tag look", "not judged"};
              case NOT_SENT -> new String[] {"tag", "not sent"};
            };
        out.append("<tr class=\"")
            .append(g.failed() ? "reg" : g.notJudged() ? "look" : "ok")
            .append("\"><td>")
            .append(g.guardId())
            .append(" · ")
            .append(html(g.name()))
            .append("</td><td>incident ")
            .append(g.incidentId())
            .append(": ")
            .append(html(g.incidentTitle()))
            .append("</td><td><code>")
            .append(html(g.request()))
            .append("</code></td><td><code>")
            .append(html(g.expectation()))
            .append("</code></td><td><span class=\"")
            .append(tag[0])
            .append("\">")
            .append(tag[1])
            .append("</span></td><td>")
            .append(html(g.reason()))
            .append("</td></tr>");
      }
      out.append("</tbody></table></section>");
    }

    private void overview() {
      out.append("<section id=\"endpoints\" class=\"card\"><h2>Endpoints</h2>");
      List<ReportView.RankedEndpoint> endpoints = view.endpoints();
      if (endpoints.isEmpty()) {
        out.append(
            "<p class=\"muted\">No request was compared, so there is no endpoint to show.</p></section>");
        return;
      }
      out.append("<p class=\"muted small\">Ranked by regressions. Share is of the compared")
          .append(" requests; regressing counts requests with at least one regression. In each")
          .append(" endpoint below, Candidate and Noise count the asks (each request once, and")
          .append(" again every time it was asked again to decide) where the candidate, or the")
          .append(" secondary (the old build asked again), differs from the primary at a path; p")
          .append(" is the anytime-valid p-value of the candidate differing there more often than")
          .append(" the old build, and each reason says how the finding was decided.</p>");
      out.append("<table class=\"data ranking\"><thead><tr><th>Endpoint</th>")
          .append("<th class=\"num\">Requests</th><th>Share of traffic</th>")
          .append("<th class=\"num\">Differing</th><th class=\"num\">Regressing</th>")
          .append("<th>What changed</th></tr></thead><tbody>");
      for (int i = 0; i < endpoints.size(); i++) {
        ReportView.RankedEndpoint e = endpoints.get(i);
        boolean reg = !e.regressions().isEmpty() || !e.crossCutting().isEmpty();
        boolean look = !e.undecided().isEmpty();
        boolean hasSection = !e.report().findings().isEmpty();
        out.append("<tr class=\"").append(reg ? "reg" : look ? "look" : "ok").append("\"><td>");
        if (hasSection) {
          out.append("<a href=\"#e-").append(i + 1).append("\">");
        }
        out.append("<code>").append(html(e.name())).append("</code>");
        if (hasSection) {
          out.append("</a>");
        }
        out.append("</td><td class=\"num\">").append(Fmt.count(e.requests())).append("</td>");
        out.append("<td>").append(shareBar(e.share())).append("</td>");
        out.append("<td class=\"num\">")
            .append(Fmt.count(e.differing()))
            .append("</td><td class=\"num\">")
            .append(reg ? "<strong>" : "")
            .append(Fmt.count(e.regressing()))
            .append(reg ? "</strong>" : "")
            .append("</td><td>");
        if (reg || look) {
          chips(e.regressions(), "reg");
          chips(e.crossCutting(), "reg");
          chips(e.undecided(), "look");
        } else if (!e.noise().isEmpty()) {
          out.append("<span class=\"muted small\">only noise (")
              .append(Fmt.plural(e.noise().size(), "path", "paths"))
              .append(")</span>");
        } else {
          out.append("<span class=\"muted small\">identical</span>");
        }
        out.append("</td></tr>");
      }
      out.append("</tbody></table></section>");
    }

    private void chips(List<Finding> findings, String cls) {
      for (int f = 0; f < Math.min(TOP_PATHS, findings.size()); f++) {
        Finding finding = findings.get(f);
        out.append("<span class=\"chip ")
            .append(cls)
            .append("\"")
            .append(
                finding.isCrossCutting()
                    ? " title=\"" + html(CheckText.partOf(finding)) + "\""
                    : cls.equals("look") ? " title=\"undecided\"" : "")
            .append("><code>")
            .append(html(finding.path()))
            .append("</code> ")
            .append(html(kindName(finding)))
            .append("</span> ");
      }
      if (findings.size() > TOP_PATHS) {
        out.append("<span class=\"muted small\">+")
            .append(findings.size() - TOP_PATHS)
            .append(" more</span> ");
      }
    }

    private String shareBar(double share) {
      double width = Math.max(0, Math.min(100, share * 100));
      return "<span class=\"share\"><svg class=\"bar\" viewBox=\"0 0 100 8\""
          + " preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"bar-bg\" width=\"100\""
          + " height=\"8\" rx=\"2\"></rect><rect class=\"bar-fill\" width=\""
          + String.format(Locale.ROOT, "%.2f", width)
          + "\" height=\"8\" rx=\"2\"></rect></svg> "
          + html(Fmt.percent(share))
          + "</span>";
    }

    private void endpointSections() {
      List<ReportView.RankedEndpoint> endpoints = view.endpoints();
      for (int i = 0; i < endpoints.size(); i++) {
        ReportView.RankedEndpoint e = endpoints.get(i);
        if (e.report().findings().isEmpty()) {
          continue;
        }
        boolean reg = !e.regressions().isEmpty();
        boolean part = !e.crossCutting().isEmpty();
        boolean look = !e.undecided().isEmpty();
        out.append("<section class=\"card endpoint ")
            .append(reg || part ? "has-reg" : look ? "has-look" : "noise-only")
            .append("\" id=\"e-")
            .append(i + 1)
            .append("\"><header class=\"ep-head\"><h2><code>")
            .append(html(e.name()))
            .append("</code></h2>");
        if (reg) {
          out.append("<span class=\"tag reg\">")
              .append(Fmt.plural(e.regressions().size(), "regression", "regressions"))
              .append("</span>");
        }
        if (part) {
          out.append("<span class=\"tag reg\">part of ")
              .append(
                  Fmt.plural(
                      e.crossCutting().size(),
                      "change across endpoints",
                      "changes across endpoints"))
              .append("</span>");
        }
        if (look) {
          out.append("<span class=\"tag look\">")
              .append(Fmt.count(e.undecided().size()))
              .append(" undecided</span>");
        }
        if (!reg && !part && !look) {
          out.append("<span class=\"tag noise\">no regression</span>");
        }
        out.append("</header><p class=\"sub\">")
            .append(Fmt.plural(e.requests(), "request", "requests"))
            .append(" (")
            .append(html(Fmt.percent(e.share())))
            .append(" of traffic")
            .append(
                e.report().repeats() > 0
                    ? "; asked again "
                        + Fmt.count(e.report().repeats())
                        + " times, "
                        + Fmt.count(e.asks())
                        + " asks in all"
                    : "")
            .append(") · ")
            .append(decided(e))
            .append(" · ")
            .append(Fmt.count(e.differing()))
            .append(" differ from the primary · ")
            .append(Fmt.count(e.regressing()))
            .append(" regressing (")
            .append(html(Fmt.percent(e.regressing(), e.requests())))
            .append(")</p>");
        if (reg) {
          out.append("<h3 class=\"group reg\">Regressions</h3>");
          findingsTable(e, e.regressions(), "reg");
        }
        if (part) {
          partsOfChanges(e);
        }
        if (look) {
          out.append("<h3 class=\"group look\">Undecided: ")
              .append(Fmt.plural(e.undecided().size(), "path", "paths"))
              .append("</h3><p class=\"group-note\">Neither shown to be a change nor noise,")
              .append(" even after asking again as far as the budget and the requests allowed.")
              .append(" This is no pass: a check with an undecided finding has no verdict")
              .append(" (exit 2) unless the team accepts it with")
              .append(" <code>--allow-undecided</code>. Each reason says what was asked and why")
              .append(" it is still undecided.</p>");
          findingsTable(e, e.undecided(), "look");
        }
        if (!e.noise().isEmpty()) {
          out.append("<details class=\"noise-group\"")
              .append(reg || part || look ? "" : " open")
              .append("><summary><h3 class=\"group noise\">Dismissed as noise: ")
              .append(Fmt.plural(e.noise().size(), "path", "paths"))
              .append("</h3></summary>");
          findingsTable(e, e.noise(), "noise");
          out.append("</details>");
        }
        out.append("</section>");
      }
    }

    /** How an endpoint was decided, as its section says it. */
    private String decided(ReportView.RankedEndpoint e) {
      return switch (e.report().decided()) {
        case ON_RECORDED_TRAFFIC -> "decided on the recorded traffic alone";
        case AFTER_REPEATS -> "decided after asking again";
        case UNDECIDED -> "undecided";
      };
    }

    /**
     * The endpoint's parts of changes across endpoints: not regressions of their own, each refers
     * to its change at the top, with what it showed here.
     */
    private void partsOfChanges(ReportView.RankedEndpoint e) {
      out.append("<h3 class=\"group reg\">Part of changes across endpoints</h3>")
          .append("<ul class=\"parts\">");
      for (Finding f : e.crossCutting()) {
        String change = crossCuttingAnchor(f);
        out.append("<li id=\"").append(findingAnchors.get(f)).append("\">");
        if (change != null) {
          out.append("<a href=\"#").append(change).append("\">");
        }
        out.append(html(CheckText.partOf(f)));
        if (change != null) {
          out.append("</a>");
        }
        out.append(" <span class=\"muted small\">(here ")
            .append(html(CheckText.counts(f, e.report())))
            .append(")</span> ");
        exampleLinks(f.examples());
        out.append("</li>");
      }
      out.append("</ul>");
    }

    /**
     * @param group css class of the group: {@code reg}, {@code look} or {@code noise}
     */
    private void findingsTable(ReportView.RankedEndpoint e, List<Finding> findings, String group) {
      out.append("<table class=\"data findings ")
          .append(group)
          .append("\"><thead><tr><th>Path</th><th>Kind</th>")
          .append("<th class=\"num\">Candidate</th><th class=\"num\">Noise</th>")
          .append("<th class=\"num\">p</th><th>Why</th><th>Examples</th></tr></thead><tbody>");
      long n = e.asks();
      for (Finding f : findings) {
        String anchor = findingAnchors.get(f);
        out.append("<tr id=\"").append(anchor).append("\"><td><code class=\"path\">");
        out.append(html(f.path())).append("</code></td>");
        out.append("<td><span class=\"kind\">").append(html(kindName(f))).append("</span></td>");
        out.append("<td class=\"num\">")
            .append(countAndRate(f.candidateCount(), n))
            .append("</td>");
        out.append("<td class=\"num\">").append(countAndRate(f.noiseCount(), n)).append("</td>");
        out.append("<td class=\"num small\">")
            .append(html(Fmt.pValue(f.pValue(), f.candidateCount())))
            .append("</td>");
        out.append("<td class=\"reason\">");
        if (f.cause() == FindingCause.STATE_DRIFT) {
          out.append("<strong>State may have drifted.</strong> ");
        } else if (f.cause() == FindingCause.PER_INSTANCE) {
          out.append("<strong>One value per copy.</strong> ");
        }
        out.append(html(f.reason()));
        if (f.unexplainedCount() > 0) {
          out.append(" <span class=\"muted small\">(")
              .append(Fmt.count(f.unexplainedCount()))
              .append(" changes beyond anything noise shows)</span>");
        }
        out.append("</td><td class=\"examples\">");
        exampleLinks(f.examples());
        out.append("</td></tr>");
      }
      out.append("</tbody></table>");
    }

    private String countAndRate(long count, long of) {
      return "<span class=\"cnt\">"
          + Fmt.count(count)
          + "</span><span class=\"rate\">"
          + html(Fmt.percent(count, of))
          + "</span>";
    }

    private void exampleLinks(List<String> examples) {
      if (examples.isEmpty()) {
        out.append("<span class=\"muted small\">none kept</span>");
        return;
      }
      for (String id : examples) {
        String anchor = exampleAnchors.get(id);
        if (anchor != null) {
          out.append("<a class=\"ex-link\" href=\"#")
              .append(anchor)
              .append("\">")
              .append(html(id))
              .append("</a> ");
        } else {
          out.append("<span class=\"ex-link muted\" title=\"in report.json\">")
              .append(html(id))
              .append("</span> ");
        }
      }
    }

    private void examples() {
      if (shownExamples.isEmpty()) {
        return;
      }
      out.append("<section id=\"examples\"><div class=\"section-head\"><h2>Examples</h2>")
          .append("<p class=\"muted small\">The request and the three answers side by side.")
          .append(" Lines in <span class=\"m-reg swatch-text\">red</span> differ in a way judged a")
          .append(" regression; lines in <span class=\"m-look swatch-text\">amber</span> differ")
          .append(" in a way left undecided; lines in")
          .append(" <span class=\"m-noise swatch-text\">blue</span> differ the way the old")
          .append(" build also differs from itself.");
      int hidden = view.exampleOrder().size() - shownExamples.size();
      if (hidden > 0) {
        out.append(" ")
            .append(Fmt.plural(hidden, "more example is", "more examples are"))
            .append(" in report.json.");
      }
      out.append("</p></div>");
      HtmlExamples renderer = new HtmlExamples(view, limits, exampleAnchors, findingAnchors);
      for (String id : shownExamples) {
        ExampleExchange ex = view.example(id).orElseThrow();
        renderer.example(out, id, ex);
      }
      out.append("</section>");
    }

    private void targets() {
      out.append("<section id=\"targets\" class=\"card\"><h2>Targets</h2>");
      List<TargetStats> targets = view.result().targets();
      if (targets.isEmpty()) {
        out.append("<p class=\"muted\">No target was sent a request.</p>");
      } else {
        out.append("<table class=\"data\"><thead><tr><th>Target</th><th>URL</th>")
            .append("<th class=\"num\">Sent</th><th class=\"num\">Answered</th>")
            .append("<th>Failures</th><th class=\"num\">p50</th><th class=\"num\">p90</th>")
            .append("<th class=\"num\">p99</th><th class=\"num\">max</th></tr></thead><tbody>");
        for (TargetStats t : targets) {
          TargetStats.LatencySummary l =
              t.latency() == null ? TargetStats.LatencySummary.NONE : t.latency();
          out.append("<tr class=\"").append(t.neverAnswered() ? "reg" : "ok").append("\"><td>");
          out.append(html(t.role())).append("</td><td><code>").append(html(t.url()));
          out.append("</code></td><td class=\"num\">").append(Fmt.count(t.sent()));
          out.append("</td><td class=\"num\">").append(Fmt.count(t.answered())).append("</td><td>");
          out.append(
              t.failures() == 0 ? "<span class=\"muted\">none</span>" : html(failureList(t)));
          out.append("</td><td class=\"num\">").append(html(Fmt.millis(l.p50())));
          out.append("</td><td class=\"num\">").append(html(Fmt.millis(l.p90())));
          out.append("</td><td class=\"num\">").append(html(Fmt.millis(l.p99())));
          out.append("</td><td class=\"num\">").append(html(Fmt.millis(l.max())));
          out.append("</td></tr>");
        }
        out.append("</tbody></table>");
      }
      Summary s = view.summary();
      if (s.errors() > 0) {
        out.append("<p class=\"note\">")
            .append(Fmt.plural(s.errors(), "request was", "requests were"))
            .append(" replayed but not compared because the primary gave no usable answer.</p>");
      }
      out.append("</section>");
      List<SkipCount> skipped = view.result().skipped();
      List<NotCovered> notCovered = view.result().notCovered();
      if (!skipped.isEmpty() || !notCovered.isEmpty()) {
        out.append("<section id=\"skipped\" class=\"card\"><h2>Skipped</h2>")
            .append("<table class=\"data\"><thead><tr><th>Reason</th><th>Why</th>")
            .append("<th class=\"num\">Requests</th></tr></thead><tbody>");
        for (SkipCount sk : skipped) {
          out.append("<tr><td><code>")
              .append(html(sk.reason()))
              .append("</code></td><td>")
              .append(html(sk.detail()))
              .append("</td><td class=\"num\">")
              .append(Fmt.count(sk.count()))
              .append("</td></tr>");
        }
        out.append("</tbody></table>");
        notCovered(notCovered);
        out.append("</section>");
      }
    }

    /**
     * Endpoints whose every request was skipped: the check says nothing of them, which is not the
     * same as undecided.
     */
    private void notCovered(List<NotCovered> notCovered) {
      if (notCovered.isEmpty()) {
        return;
      }
      out.append("<h3 id=\"not-covered\">Not covered: ")
          .append(Fmt.plural(notCovered.size(), "endpoint", "endpoints"))
          .append("</h3><p class=\"muted small\">Every request of these was skipped, so the")
          .append(" check says nothing of them: not covered is not undecided, and the verdict")
          .append(" does not count them.</p><table class=\"data\"><thead><tr><th>Endpoint</th>")
          .append("<th>Why</th><th class=\"num\">Requests</th></tr></thead><tbody>");
      for (NotCovered n : notCovered) {
        out.append("<tr><td><code>")
            .append(html(ReportView.endpointName(n.endpoint())))
            .append("</code></td><td>")
            .append(html(n.detail()))
            .append("</td><td class=\"num\">")
            .append(Fmt.count(n.requests()))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
  }

  /** {@code timeout 3, connection_refused 1}, in the order of the failure kinds. */
  static String failureList(TargetStats t) {
    List<String> parts = new ArrayList<>();
    for (FailureKind k : FailureKind.values()) {
      Long n = t.failuresByKind().get(k);
      if (n != null && n > 0) {
        parts.add(k.jsonName() + " " + Fmt.count(n));
      }
    }
    return String.join(", ", parts);
  }
}
