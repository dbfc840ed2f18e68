package dev.spotter.report;

import static dev.spotter.report.Escape.html;

import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.RunEvent;
import dev.spotter.canary.StepOutcome;
import dev.spotter.canary.StepRecord;
import dev.spotter.canary.judge.FalseAlarmRate;
import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.canary.judge.MetricJudgement;
import dev.spotter.canary.judge.MetricKind;
import dev.spotter.canary.judge.MetricSpec;
import dev.spotter.canary.judge.StepJudgement;
import dev.spotter.model.SpotterVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes the report.html of a canary run: one self-contained page in the look of the check report.
 * The verdict in big words with its reason, the timeline of steps, each step's judgement metric by
 * metric with both arms' latencies drawn on one axis, the events, and in A/A mode whether the
 * configuration's false-alarm rate can be trusted. It needs no script; its only style is inline and
 * allowed by hash in a Content Security Policy that forbids everything else.
 */
final class CanaryHtml {
  private static final String CSS = checkReportCss() + canaryCss();

  private CanaryHtml() {}

  static String render(CanaryResult result) {
    return new Page(result).render();
  }

  static void write(CanaryResult result, Writer out) {
    try {
      out.write(render(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rendering of one run. */
  private static final class Page {
    private final CanaryResult r;
    private final List<StepRecord> steps;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    Page(CanaryResult r) {
      this.r = r;
      this.steps = CanaryView.list(r.steps());
    }

    String render() {
      head();
      out.append("<body><div class=\"page\">");
      top();
      nav();
      if (r.aaMode()) {
        falseAlarms();
      }
      timeline();
      for (int i = 0; i < steps.size(); i++) {
        step(i, steps.get(i));
      }
      events();
      judge();
      out.append("<footer class=\"foot\">Written by Spotter ")
          .append(html(SpotterVersion.VERSION))
          .append(" · the same data is in <code>report.json</code> beside this file</footer>");
      out.append("</div></body></html>\n");
      return out.toString();
    }

    private void head() {
      String title =
          "Spotter canary: "
              + CanaryView.verdictWords(r)
              + (r.name() == null || r.name().isEmpty() ? "" : " · " + r.name());
      out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
      out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
      out.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
          .append("style-src ")
          .append(hashOf(CSS))
          .append("; img-src data:; base-uri 'none'; form-action 'none'\">");
      out.append("<meta name=\"referrer\" content=\"no-referrer\">");
      out.append("<title>").append(html(title)).append("</title>");
      out.append("<style>").append(CSS).append("</style></head>");
    }

    // ---- the verdict ---------------------------------------------------------------------

    private void top() {
      out.append("<header class=\"top card canary v-")
          .append(CanaryView.verdictClass(r))
          .append("\"><div class=\"brand\">Spotter canary");
      if (r.name() != null && !r.name().isEmpty()) {
        out.append(" · ").append(html(r.name()));
      }
      if (r.aaMode()) {
        out.append(" · A/A test");
      }
      out.append("</div><div class=\"headline\"><h1 class=\"verdict\">")
          .append(html(CanaryView.verdictWords(r)))
          .append("</h1>");
      if (r.verdict() == null && r.state() != null) {
        out.append("<span class=\"pill\">not over</span>");
      }
      out.append("</div>");
      if (r.reason() != null && !r.reason().isEmpty()) {
        out.append("<p class=\"lede reason\">").append(html(r.reason())).append("</p>");
      }
      stats();
      runDetails();
      out.append("</header>");
    }

    private void stats() {
      List<Double> planned = CanaryView.list(r.plannedPercents());
      long baseRequests = sum(s -> CanaryView.orEmpty(s.baseline()).requests());
      long canaryRequests = sum(s -> CanaryView.orEmpty(s.canary()).requests());
      long baseErrors = sum(s -> CanaryView.orEmpty(s.baseline()).errors());
      long canaryErrors = sum(s -> CanaryView.orEmpty(s.canary()).errors());
      out.append("<div class=\"stats\">");
      stat(
          planned.isEmpty()
              ? Fmt.count(steps.size())
              : Fmt.count(steps.size()) + " / " + Fmt.count(planned.size()),
          "steps reached",
          "");
      stat(CanaryFormat.percent(CanaryView.reachedPercent(r)), "largest canary share", "");
      stat(Fmt.count(baseRequests), "baseline requests", "");
      stat(Fmt.count(canaryRequests), "canary requests", canaryRequests == 0 ? "warn" : "");
      stat(Fmt.percent(baseErrors, baseRequests), "baseline errors", "");
      boolean worse = canaryErrors * Math.max(baseRequests, 1) > baseErrors * canaryRequests;
      stat(Fmt.percent(canaryErrors, canaryRequests), "canary errors", worse ? "bad" : "");
      stat(Fmt.duration(CanaryView.runDuration(r)), r.ended() == null ? "so far" : "duration", "");
      out.append("</div>");
    }

    private long sum(ToLongFunction<StepRecord> f) {
      return steps.stream().mapToLong(f).sum();
    }

    private void stat(String number, String label, String tone) {
      out.append("<div class=\"stat ")
          .append(tone)
          .append("\"><span class=\"num\">")
          .append(html(number))
          .append("</span><span class=\"lbl\">")
          .append(html(label))
          .append("</span></div>");
    }

    private void runDetails() {
      Map<String, String> details = new LinkedHashMap<>(); // term -> safe HTML
      details.put("Baseline", code(r.baselineUrl()));
      details.put(
          "Canary",
          r.aaMode() ? "the baseline again (A/A) · " + code(r.canaryUrl()) : code(r.canaryUrl()));
      details.put("Started", html(Fmt.instant(r.started())));
      details.put(
          "Ended",
          r.ended() != null
              ? html(Fmt.instant(r.ended()))
              : "not yet (" + html(r.state() == null ? "unknown" : r.state().wireName()) + ")");
      Duration took = CanaryView.runDuration(r);
      details.put(
          "Took", html(Fmt.duration(took)) + (r.ended() == null && took != null ? " so far" : ""));
      JudgeSettings j = r.judgeSettings();
      if (j != null) {
        details.put(
            "Judge",
            html(
                "α "
                    + CanaryFormat.number(j.alpha())
                    + " · pass at score "
                    + CanaryFormat.number(j.passScore())
                    + " · marginal at "
                    + CanaryFormat.number(j.marginalScore())
                    + " · at least "
                    + Fmt.plural(j.minSamples(), "sample", "samples")));
      }
      out.append("<dl class=\"run\">");
      details.forEach(
          (term, value) ->
              out.append("<div><dt>")
                  .append(term)
                  .append("</dt><dd>")
                  .append(value)
                  .append("</dd></div>"));
      out.append("</dl>");
    }

    private void nav() {
      out.append("<nav class=\"toc\">");
      if (r.aaMode()) {
        out.append("<a href=\"#false-alarms\">False alarms</a>");
      }
      out.append("<a href=\"#timeline\">Timeline</a>");
      if (!steps.isEmpty()) {
        out.append("<a href=\"#step-").append(steps.size()).append("\">Last step</a>");
      }
      out.append("<a href=\"#events\">Events</a><a href=\"#judge\">Judge</a>")
          .append("<span class=\"legend\"><span class=\"sw arm-b\"></span>baseline")
          .append("<span class=\"sw arm-c\"></span>canary</span></nav>");
    }

    // ---- A/A -------------------------------------------------------------------------------

    private void falseAlarms() {
      out.append("<section id=\"false-alarms\" class=\"card\"><h2>False alarms</h2>");
      FalseAlarmRate f = r.falseAlarms();
      if (f == null) {
        out.append("<p class=\"muted\">There was too little traffic to estimate how often the")
            .append(" judge fails the baseline against itself; run the A/A test longer.</p>")
            .append("</section>");
        return;
      }
      out.append("<div class=\"stats aa\">");
      stat(Fmt.count(f.runs()), "re-splits judged", "");
      if (f.decided() != null) {
        stat(Fmt.count(f.decided()), "reached a decision", f.decided() == 0 ? "bad" : "");
      }
      stat(Fmt.count(f.falseAlarms()), "false alarms", f.falseAlarms() > 0 ? "warn" : "");
      stat(Fmt.percent(f.rate()), "false-alarm rate", trusted(f) ? "good" : "bad");
      stat(percentOrNone(f.upper95()), "95 % upper bound", "");
      stat(percentOrNone(f.alpha()), "configured α", "");
      out.append("</div><p class=\"trust ").append(trusted(f) ? "ok" : "bad").append("\">");
      out.append(html(trustSentence(f))).append("</p></section>");
    }

    private static boolean trusted(FalseAlarmRate f) {
      return Double.isFinite(f.rate())
          && Double.isFinite(f.alpha())
          && f.rate() <= f.alpha()
          && (f.decided() == null || f.decided() > 0);
    }

    private static String trustSentence(FalseAlarmRate f) {
      String observed =
          "Over "
              + Fmt.plural(f.runs(), "re-split", "re-splits")
              + " of the baseline's own traffic the judge failed "
              + Fmt.count(f.falseAlarms())
              + " of them where nothing had changed (a rate of "
              + percentOrNone(f.rate())
              + "), against a configured α of "
              + percentOrNone(f.alpha())
              + ". ";
      if (!Double.isFinite(f.rate()) || !Double.isFinite(f.alpha())) {
        return observed + "Whether the configuration can be trusted cannot be told from this.";
      }
      if (f.decided() != null && f.decided() == 0) {
        return observed
            + "None of the re-splits reached a decision, so this shows nothing: a judge that"
            + " never decides raises no false alarms. Run the A/A test longer or with more"
            + " traffic.";
      }
      if (f.decided() != null) {
        observed +=
            Fmt.count(f.decided())
                + " of the re-splits reached a decision; the others stayed inconclusive. ";
      }
      if (!trusted(f)) {
        return observed
            + "This configuration cannot be trusted: it fails a healthy build more often than α"
            + " allows. Widen the minimum effects, lengthen the steps or lower α before relying"
            + " on its verdicts.";
      }
      String verdict =
          "This configuration can be trusted: it raises false alarms no more often than α allows.";
      if (Double.isFinite(f.upper95()) && f.upper95() > f.alpha()) {
        verdict +=
            " With this many re-splits the rate's 95 % upper bound ("
                + percentOrNone(f.upper95())
                + ") is still above α; a longer A/A test would make this surer.";
      }
      return observed + verdict;
    }

    // ---- timeline --------------------------------------------------------------------------

    private void timeline() {
      out.append("<section id=\"timeline\" class=\"card\"><h2>Timeline</h2>");
      if (steps.isEmpty() && CanaryView.list(r.plannedPercents()).isEmpty()) {
        out.append("<p class=\"muted\">No step has started yet.</p></section>");
        return;
      }
      out.append("<p class=\"muted small\">One bar a step, as long as the canary's share of")
          .append(" traffic, coloured by how the step ended; outlined bars are steps planned but")
          .append(" not reached.</p>")
          .append(CanaryCharts.timeline(r))
          .append("</section>");
    }

    // ---- steps -----------------------------------------------------------------------------

    private void step(int i, StepRecord s) {
      String tone = CanaryView.outcomeTone(s.outcome());
      out.append("<section class=\"card step t-")
          .append(tone)
          .append("\" id=\"step-")
          .append(i + 1)
          .append("\"><header class=\"ep-head\"><h2>Step ")
          .append(i + 1)
          .append(" · ")
          .append(html(CanaryFormat.percent(s.canaryPercent())))
          .append(" on the canary</h2>");
      tag(tone, CanaryView.outcomeWords(s.outcome()));
      out.append("</header><p class=\"sub\">Started ")
          .append(html(Fmt.instant(s.started())))
          .append(" · ")
          .append(s.ended() == null ? "running for " : "ran ")
          .append(html(Fmt.duration(CanaryView.stepDuration(s, r))))
          .append(" · judged ")
          .append(html(Fmt.plural(s.looks(), "time", "times")))
          .append(" · extended ")
          .append(html(Fmt.plural(s.extensions(), "time", "times")))
          .append("</p>");
      judgement(s);
      ArmSummary base = CanaryView.orEmpty(s.baseline());
      ArmSummary canary = CanaryView.orEmpty(s.canary());
      out.append("<h3 class=\"group\">Latency</h3>");
      out.append(CanaryCharts.latency(base.latency(), canary.latency()));
      latencyTable(base, canary);
      out.append("<h3 class=\"group\">Answers</h3>");
      answersTable(base, canary);
      out.append("</section>");
    }

    private void judgement(StepRecord s) {
      StepJudgement j = s.judgement();
      if (j == null) {
        out.append("<p class=\"muted\">").append(notJudged(s.outcome())).append("</p>");
        return;
      }
      String tone = CanaryView.verdictTone(j.verdict());
      out.append("<div class=\"judgement\">");
      tag(tone, CanaryView.verdictWords(j.verdict()));
      out.append(" <span class=\"score\">score ")
          .append(html(CanaryFormat.number(j.score())))
          .append("</span>");
      JudgeSettings settings = r.judgeSettings();
      if (settings != null) {
        out.append(" <span class=\"muted small\">(passes at ")
            .append(html(CanaryFormat.number(settings.passScore())))
            .append(", marginal at ")
            .append(html(CanaryFormat.number(settings.marginalScore())))
            .append(")</span>");
      }
      if (j.reason() != null && !j.reason().isEmpty()) {
        out.append("<p class=\"why\">").append(html(j.reason())).append("</p>");
      }
      out.append("</div>");
      metricsTable(CanaryView.list(j.metrics()));
    }

    private static String notJudged(StepOutcome outcome) {
      if (outcome == StepOutcome.FULL) {
        return "The final step: all traffic is on the canary, so there is nothing left to compare.";
      }
      if (outcome == StepOutcome.IN_PROGRESS) {
        return "Not judged yet: the step is still collecting data.";
      }
      return "Never judged: the step ended before the judge looked at it.";
    }

    private void metricsTable(List<MetricJudgement> metrics) {
      if (metrics.isEmpty()) {
        out.append("<p class=\"muted small\">The judge compared no metric in this step.</p>");
        return;
      }
      out.append("<table class=\"data metrics\"><thead><tr><th>Metric</th><th>Verdict</th>")
          .append("<th class=\"num\">Baseline</th><th class=\"num\">Canary</th>")
          .append("<th class=\"num\">Effect [interval]</th><th class=\"num\">Threshold</th>")
          .append("<th class=\"num\">p</th><th>Test</th><th class=\"num\">Samples</th>")
          .append("<th>Why</th></tr></thead><tbody>");
      for (MetricJudgement m : metrics) {
        String tone = CanaryView.verdictTone(m.verdict());
        out.append("<tr class=\"").append(tone).append("\"><td><code>");
        out.append(html(m.metric())).append("</code>");
        if (m.critical()) {
          out.append(" <span class=\"tag reg\">critical</span>");
        }
        out.append("<span class=\"weight\">weight ")
            .append(html(CanaryFormat.number(m.weight())))
            .append("</span></td><td>");
        tag(tone, CanaryView.verdictWords(m.verdict()));
        out.append("</td>");
        cell(CanaryFormat.value(m.baselineValue(), m.unit()));
        cell(CanaryFormat.value(m.canaryValue(), m.unit()));
        cell(CanaryFormat.effect(m.estimate(), m.lower(), m.upper(), m.unit()));
        cell(CanaryFormat.difference(m.threshold(), m.unit()));
        cell(CanaryFormat.pValue(m.pValue()));
        out.append("<td class=\"test\">").append(html(m.test())).append("</td>");
        cell(Fmt.count(m.baselineN()) + " / " + Fmt.count(m.canaryN()));
        out.append("<td class=\"reason\">").append(html(m.reason())).append("</td></tr>");
      }
      out.append("</tbody></table><p class=\"muted small\">The effect is the canary minus the")
          .append(" baseline as the test estimates it, with its interval; beyond the threshold the")
          .append(" canary counts as worse. Error rates are percentages, their differences")
          .append(" percentage points (pp). Samples are baseline / canary.</p>");
    }

    private void cell(String text) {
      out.append("<td class=\"num\">").append(html(text)).append("</td>");
    }

    private void latencyTable(ArmSummary base, ArmSummary canary) {
      out.append("<table class=\"data arms\"><thead><tr><th>Arm</th>")
          .append("<th class=\"num\">Latencies</th><th class=\"num\">p50</th>")
          .append("<th class=\"num\">p90</th><th class=\"num\">p99</th>")
          .append("<th class=\"num\">p99.9</th><th class=\"num\">max</th></tr></thead><tbody>");
      latencyRow("baseline", "arm-b", base.latency());
      latencyRow("canary", "arm-c", canary.latency());
      out.append("</tbody></table>");
    }

    private void latencyRow(String arm, String swatch, LatencyDistribution latency) {
      LatencyDistribution l = CanaryView.orEmpty(latency);
      out.append("<tr><td><span class=\"sw ").append(swatch).append("\"></span> ");
      out.append(arm).append("</td>");
      cell(Fmt.count(l.count()));
      for (double q : new double[] {l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs()}) {
        cell(CanaryFormat.value(q, "ms"));
      }
      out.append("</tr>");
    }

    private void answersTable(ArmSummary base, ArmSummary canary) {
      out.append("<table class=\"data arms\"><thead><tr><th>Arm</th>")
          .append("<th class=\"num\">Requests</th><th class=\"num\">Errors</th>")
          .append("<th>Mix</th><th class=\"num\">2xx</th><th class=\"num\">3xx</th>")
          .append("<th class=\"num\">4xx</th><th class=\"num\">5xx</th>")
          .append("<th class=\"num\">Connect failures</th><th class=\"num\">Timeouts</th>")
          .append("<th class=\"num\">Broken</th><th class=\"num\">Clients gone</th>")
          .append("</tr></thead><tbody>");
      answersRow("baseline", "arm-b", base);
      answersRow("canary", "arm-c", canary);
      out.append("</tbody></table><p class=\"muted small\">Errors are 5xx answers, connection")
          .append(" failures, timeouts and broken connections. Clients that left before their")
          .append(" answer are not judged. Mix: <span class=\"sw mix-2xx\"></span>2xx")
          .append(" <span class=\"sw mix-3xx\"></span>3xx <span class=\"sw mix-4xx\"></span>4xx")
          .append(" <span class=\"sw mix-5xx\"></span>5xx <span class=\"sw mix-none\"></span>no")
          .append(" answer.</p>");
    }

    private void answersRow(String arm, String swatch, ArmSummary a) {
      out.append("<tr><td><span class=\"sw ").append(swatch).append("\"></span> ");
      out.append(arm).append("</td>");
      cell(Fmt.count(a.requests()));
      cell(Fmt.count(a.errors()) + " (" + Fmt.percent(a.errorRate()) + ")");
      out.append("<td>").append(CanaryCharts.mix(a)).append("</td>");
      for (long n :
          new long[] {
            a.status2xx(),
            a.status3xx(),
            a.status4xx(),
            a.status5xx(),
            a.connectFailures(),
            a.timeouts(),
            a.broken(),
            a.clientsGone()
          }) {
        cell(Fmt.count(n));
      }
      out.append("</tr>");
    }

    // ---- events and settings ---------------------------------------------------------------

    private void events() {
      out.append("<section id=\"events\" class=\"card\"><h2>Events</h2>");
      List<RunEvent> events = CanaryView.list(r.events());
      if (events.isEmpty()) {
        out.append("<p class=\"muted\">No event was recorded.</p></section>");
        return;
      }
      out.append("<table class=\"data events\"><thead><tr><th>When</th><th>Kind</th>")
          .append("<th>What</th></tr></thead><tbody>");
      for (RunEvent e : events) {
        out.append("<tr><td class=\"when\">")
            .append(html(Fmt.instant(e.at())))
            .append("</td><td><span class=\"kind\">")
            .append(html(e.kind()))
            .append("</span></td><td>")
            .append(html(e.message()))
            .append("</td></tr>");
      }
      out.append("</tbody></table></section>");
    }

    private void judge() {
      out.append("<section id=\"judge\" class=\"card\"><h2>Judge settings</h2>");
      JudgeSettings j = r.judgeSettings();
      if (j == null) {
        out.append("<p class=\"muted\">The judge's settings were not recorded.</p></section>");
        return;
      }
      out.append("<p class=\"muted small\">")
          .append(
              html(
                  "α "
                      + CanaryFormat.number(j.alpha())
                      + " · "
                      + Fmt.plural(j.steps(), "step", "steps")
                      + " · a step passes at score "
                      + CanaryFormat.number(j.passScore())
                      + ", is marginal at "
                      + CanaryFormat.number(j.marginalScore())
                      + " · no verdict on fewer than "
                      + Fmt.plural(j.minSamples(), "sample", "samples")
                      + " an arm"))
          .append("</p>");
      List<MetricSpec> metrics = CanaryView.list(j.metrics());
      if (metrics.isEmpty()) {
        out.append("<p class=\"muted\">No metric is configured.</p></section>");
        return;
      }
      out.append("<table class=\"data\"><thead><tr><th>Metric</th><th>Kind</th><th>Source</th>")
          .append("<th>Compares</th><th>Worse when</th><th>Smallest effect that counts</th>")
          .append("<th class=\"num\">Weight</th><th>Critical</th><th class=\"num\">SLO limit</th>")
          .append("</tr></thead><tbody>");
      for (MetricSpec m : metrics) {
        String unit = unitOf(m.kind());
        out.append("<tr><td><code>").append(html(m.name())).append("</code></td><td>");
        out.append(html(words(m.kind()))).append("</td><td>");
        out.append(
            m.source() == null ? CanaryFormat.NONE : "<code>" + html(m.source()) + "</code>");
        out.append("</td><td>");
        out.append(html(compares(m.quantile()))).append("</td><td>");
        out.append(html(words(m.direction()))).append("</td><td>");
        out.append(html(minEffect(m, unit))).append("</td>");
        cell(CanaryFormat.number(m.weight()));
        out.append("<td>").append(m.critical() ? "yes" : "no").append("</td>");
        cell(CanaryFormat.value(m.sloLimit(), unit));
        out.append("</tr>");
      }
      out.append("</tbody></table></section>");
    }

    private static String compares(double quantile) {
      if (!Double.isFinite(quantile)) {
        return "location shift";
      }
      return "p" + CanaryFormat.number(quantile <= 1 ? quantile * 100 : quantile);
    }

    private static String minEffect(MetricSpec m, String unit) {
      if (m.minEffect() == null) {
        return CanaryFormat.NONE;
      }
      double relative = m.minEffect().relative();
      double absolute = m.minEffect().absolute();
      String rel = Double.isFinite(relative) ? CanaryFormat.value(relative, "ratio") : null;
      String abs = Double.isFinite(absolute) ? CanaryFormat.difference(absolute, unit) : null;
      if (rel != null && abs != null) {
        return rel + " relative and " + abs;
      }
      return rel != null ? rel + " relative" : abs != null ? abs : CanaryFormat.NONE;
    }

    /** The unit of a metric's figures by its kind, as the judge gives it on its judgements. */
    private static String unitOf(MetricKind kind) {
      if (kind == null) {
        return "";
      }
      return switch (kind) {
        case LATENCY -> "ms";
        case ERROR_RATE -> "ratio";
        case VALUE -> "";
      };
    }

    private void tag(String tone, String words) {
      out.append("<span class=\"tag ")
          .append(tone)
          .append("\">")
          .append(html(words))
          .append("</span>");
    }

    private static String code(String url) {
      return url == null ? CanaryFormat.NONE : "<code>" + html(url) + "</code>";
    }

    private static String percentOrNone(double fraction) {
      return Double.isFinite(fraction) ? CanaryFormat.value(fraction, "ratio") : CanaryFormat.NONE;
    }

    private static String words(Enum<?> e) {
      return e == null ? CanaryFormat.NONE : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  // ---- style -------------------------------------------------------------------------------

  /** The check report's stylesheet, so both reports look alike. */
  private static String checkReportCss() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/spotter/report/report.css");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the canary page adds to the check report's stylesheet. */
  private static String canaryCss() {
    return """

        /* Canary report */
        .canary .headline h1.verdict { font-size: 36px; line-height: 1.15; letter-spacing: -0.01em; }
        .v-pass h1.verdict { color: var(--pass); }
        .v-fail h1.verdict { color: var(--reg); }
        .v-aborted h1.verdict { color: var(--muted); }
        .v-incomplete h1.verdict { color: var(--warn); }
        .lede.reason { font-size: 16px; color: var(--fg); }
        .stats.aa { grid-template-columns: repeat(5, minmax(0, 1fr)); margin-top: 8px; }
        .tag.pass { background: var(--pass-bg); color: var(--pass); }
        .tag.grey { background: #eef0f3; color: var(--muted); }
        .step.t-reg { border-left: 3px solid var(--reg-edge); }
        .step.t-look { border-left: 3px solid var(--look-edge); }
        .judgement { margin: 4px 0 10px; }
        .judgement .score { font-weight: 600; font-variant-numeric: tabular-nums; }
        .judgement p.why { margin: 6px 0 0; max-width: 90ch; }
        table.metrics tr.reg td:first-child { box-shadow: inset 3px 0 var(--reg-edge); }
        table.metrics tr.look td:first-child { box-shadow: inset 3px 0 var(--look-edge); }
        table.metrics td.reason { max-width: 420px; }
        table.metrics td.test { color: var(--muted); font-size: 12px; }
        table.metrics .weight { display: block; color: var(--muted); font-size: 11.5px; }
        table.arms { margin: 8px 0 4px; }
        table.events td.when { white-space: nowrap; color: var(--muted); }
        p.trust { font-size: 14px; max-width: 90ch; margin: 4px 0 0; }
        p.trust.ok { color: var(--pass); }
        p.trust.bad { color: var(--reg); }
        svg.timeline { width: 100%; max-width: 980px; height: auto; font: 12px var(--sans); }
        svg.timeline a:hover text { text-decoration: underline; }
        .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin: 6px 0; }
        .charts figure { margin: 0; min-width: 0; }
        .charts figcaption { color: var(--muted); font-size: 12px; }
        svg.latency { width: 100%; height: auto; font: 11px var(--sans); }
        svg.mix { width: 160px; height: 12px; vertical-align: middle; }
        .sw.mix-2xx { background: #0b6e4f; }
        .sw.mix-3xx { background: #2f4b8f; }
        .sw.mix-4xx { background: #e89a2c; }
        .sw.mix-5xx { background: #b42318; }
        .sw.mix-none { background: #3d4352; }
        @media (max-width: 900px) { .charts { grid-template-columns: minmax(0, 1fr); } }
        """
        // The arms' swatches take the charts' colours, so legend and lines cannot drift apart.
        + (".sw.arm-b { background: " + CanaryCharts.BASELINE_COLOUR + "; }\n")
        + (".sw.arm-c { background: " + CanaryCharts.CANARY_COLOUR + "; }\n");
  }

  /** The CSP source that allows exactly this stylesheet. */
  private static String hashOf(String css) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
  }
}
