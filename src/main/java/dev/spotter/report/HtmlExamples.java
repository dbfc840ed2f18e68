package dev.spotter.report;

import static dev.spotter.report.Escape.html;

import dev.spotter.diff.Difference;
import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.replay.ExampleExchange;
import dev.spotter.replay.TargetOutcome;
import dev.spotter.report.JsonBodyRenderer.Highlight;
import dev.spotter.report.JsonBodyRenderer.Mark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example of report.html: the request, what differs, the three answers side by side with the
 * differing paths highlighted in the colour of their finding's verdict, and a copy-as-curl for the
 * candidate.
 *
 * <p>A text body differs line by line, at pointers {@code /body/line/N}: for a changed or missing
 * line N counts in the primary's body, for an added line in the other's. So a missing line is
 * marked only in the primary, an added line only in the other answer, and a changed line on both
 * sides: in the other answer at N shifted by the lines missing and added before it, a best effort
 * that is exact when the diff lists every line it found.
 */
final class HtmlExamples {

  private final ReportView view;
  private final HtmlBodies bodies;
  private final Map<String, String> anchors;
  private final Map<Finding, String> findingAnchors;

  /**
   * @param anchors element ids of the examples shown, by exchange id
   * @param findingAnchors element ids of findings, by identity
   */
  HtmlExamples(
      ReportView view,
      ReportLimits limits,
      Map<String, String> anchors,
      Map<Finding, String> findingAnchors) {
    this.view = view;
    this.bodies = new HtmlBodies(limits);
    this.anchors = anchors;
    this.findingAnchors = findingAnchors;
  }

  void example(StringBuilder out, String id, ExampleExchange ex) {
    String anchor = anchors.get(id);
    HttpRequestData req = ex.request();
    out.append("<article class=\"card example\" id=\"").append(anchor).append("\">");
    out.append("<header class=\"ex-head\"><div>");
    out.append("<h3 class=\"req-line\">");
    if (req != null) {
      out.append("<span class=\"method\">")
          .append(html(req.method()))
          .append("</span> <span class=\"url\">")
          .append(html(req.pathAndQuery()))
          .append("</span>");
    } else {
      out.append("Request not kept");
    }
    out.append("</h3><p class=\"muted small\">Exchange <code>")
        .append(html(id))
        .append("</code> · <code>")
        .append(html(ReportView.endpointName(ex.endpoint())))
        .append("</code>");
    citedBy(out, id);
    out.append("</p></div>");
    String curlId = anchor + "-curl";
    String curl = null;
    if (req != null) {
      curl = CurlCommand.of(req, view.run().map(r -> r.candidate()).orElse(""));
      out.append("<button type=\"button\" class=\"copy js-only\" data-copy=\"")
          .append(curlId)
          .append("\">Copy as curl</button>");
    }
    out.append("</header>");

    differences(out, ex);

    if (req != null) {
      out.append("<details class=\"curl\"><summary>curl for the candidate</summary>");
      out.append("<pre id=\"").append(curlId).append("\">").append(html(curl)).append("</pre>");
      out.append("</details>");
      request(out, req);
    }

    Map<String, Highlight> cand = new LinkedHashMap<>();
    Map<String, Highlight> noise = new LinkedHashMap<>();
    Map<String, Highlight> primary = new LinkedHashMap<>();
    TextLines noiseLines = TextLines.of(ex.noiseDifferences());
    for (Difference d : ex.noiseDifferences()) {
      Highlight h = new Highlight(Mark.NOISE, title(d, "secondary", Mark.NOISE));
      mark(noise, pointerIn(d, false, ex.primary(), ex.secondary(), noiseLines), h);
      mark(primary, pointerIn(d, true, ex.primary(), ex.secondary(), noiseLines), h);
    }
    TextLines candLines = TextLines.of(ex.candidateDifferences());
    for (Difference d : ex.candidateDifferences()) {
      Mark m = markOf(ex, d);
      Highlight h = new Highlight(m, title(d, "candidate", m));
      mark(cand, pointerIn(d, false, ex.primary(), ex.candidate(), candLines), h);
      mark(primary, pointerIn(d, true, ex.primary(), ex.candidate(), candLines), h);
    }
    boolean twice = view.run().map(r -> r.secondaryIsPrimary()).orElse(false);
    out.append("<div class=\"triple\">");
    column(out, "primary", "Primary", "old build", ex.primary(), primary);
    column(
        out,
        "secondary",
        "Secondary",
        twice ? "primary asked again" : "old build again",
        ex.secondary(),
        noise);
    column(out, "candidate", "Candidate", "new build", ex.candidate(), cand);
    out.append("</div></article>");
  }

  /** A difference no finding accounts for is shown as a regression: never hide the unexplained. */
  private Mark markOf(ExampleExchange ex, Difference d) {
    return view.verdictOf(ex, d).map(HtmlExamples::markOf).orElse(Mark.REGRESSION);
  }

  static Mark markOf(Verdict v) {
    return switch (v) {
      case REGRESSION -> Mark.REGRESSION;
      case UNDECIDED -> Mark.UNDECIDED;
      case NOISE -> Mark.NOISE;
    };
  }

  /** Where two differences mark the same place, the stronger verdict's colour shows. */
  private static void mark(Map<String, Highlight> highlights, String pointer, Highlight h) {
    if (pointer == null) {
      return;
    }
    Highlight existing = highlights.get(pointer);
    if (existing == null || h.mark().strongerThan(existing.mark())) {
      highlights.put(pointer, h);
    }
  }

  /**
   * The pointer a difference marks in one answer, or null when it marks nothing there. JSON
   * pointers mark the same place in both answers (a place absent from one is listed under it); a
   * text line marks the line its number counts in, and a changed line also the other answer's line
   * it became.
   *
   * @param inPrimary whether the pointer is wanted in the primary's answer or in the other one
   * @param other the answer the primary was compared with
   * @param lines the line differences of the same comparison, to follow a changed line
   */
  static String pointerIn(
      Difference d,
      boolean inPrimary,
      TargetOutcome primary,
      TargetOutcome other,
      TextLines lines) {
    String pointer = d.pointer();
    boolean added = d.kind() == DifferenceKind.FIELD_ADDED;
    // A JSON body may have a member named "line": there the pointer is a JSON pointer as usual.
    if (!TextLines.isLinePointer(pointer) || rendersAsJson(added ? other : primary)) {
      return pointer;
    }
    if (added) {
      return inPrimary ? null : pointer;
    }
    if (d.kind() == DifferenceKind.FIELD_MISSING) {
      return inPrimary ? pointer : null;
    }
    return inPrimary ? pointer : TextLines.pointer(lines.otherLine(TextLines.lineOf(pointer)));
  }

  private static boolean rendersAsJson(TargetOutcome outcome) {
    if (outcome instanceof TargetOutcome.Answered a && a.response() != null) {
      HttpResponseData r = a.response();
      return BodyBytes.looksLikeJson(BodyBytes.of(r.body()), BodyBytes.mediaType(r.headers()));
    }
    return false;
  }

  private void citedBy(StringBuilder out, String id) {
    List<ReportView.Citation> citations = view.citations(id);
    if (citations.isEmpty()) {
      return;
    }
    out.append(" · cited by ");
    for (int i = 0; i < citations.size(); i++) {
      ReportView.Citation c = citations.get(i);
      String label = c.finding().path() + " " + HtmlReport.kindName(c.finding());
      String target = findingAnchors.get(c.finding());
      out.append(i == 0 ? "" : ", ");
      String cls = "cite " + group(markOf(ReportView.verdictOf(c.finding())));
      if (target != null) {
        out.append("<a class=\"")
            .append(cls)
            .append("\" href=\"#")
            .append(target)
            .append("\">")
            .append(html(label))
            .append("</a>");
      } else {
        out.append("<span class=\"")
            .append(cls)
            .append("\">")
            .append(html(label))
            .append("</span>");
      }
    }
  }

  private static String title(Difference d, String who, Mark judged) {
    return d.pointer() + " · " + d.kind().jsonName() + " · " + who + " (" + judged.label + ")";
  }

  /** The short class of a verdict's group: {@code reg}, {@code look} or {@code noise}. */
  static String group(Mark m) {
    return switch (m) {
      case REGRESSION -> "reg";
      case UNDECIDED -> "look";
      case NOISE -> "noise";
    };
  }

  private void differences(StringBuilder out, ExampleExchange ex) {
    out.append("<div class=\"diffs\">");
    diffTable(out, ex, ex.candidateDifferences(), "Candidate vs primary", "Candidate", true);
    diffTable(out, ex, ex.noiseDifferences(), "Secondary vs primary", "Secondary", false);
    out.append("</div>");
  }

  private void diffTable(
      StringBuilder out,
      ExampleExchange ex,
      List<Difference> diffs,
      String caption,
      String otherLabel,
      boolean judged) {
    out.append("<div class=\"diff-block\"><h4>").append(caption);
    out.append(" <span class=\"count\">").append(Fmt.count(diffs.size())).append("</span></h4>");
    if (diffs.isEmpty()) {
      out.append("<p class=\"muted small\">No difference.</p></div>");
      return;
    }
    out.append("<table class=\"data diff\"><thead><tr><th>Pointer</th><th>Kind</th>")
        .append("<th>Primary</th><th>")
        .append(otherLabel)
        .append("</th>");
    if (judged) {
      out.append("<th>Judged</th>");
    }
    out.append("</tr></thead><tbody>");
    for (Difference d : diffs) {
      Mark m = judged ? markOf(ex, d) : Mark.NOISE;
      String cls = group(m);
      out.append("<tr class=\"").append(cls).append("\"><td><code>");
      out.append(html(d.pointer())).append("</code></td><td><span class=\"kind\">");
      out.append(html(d.kind().jsonName())).append("</span></td>");
      out.append("<td class=\"val\">").append(value(d.primary())).append("</td>");
      out.append("<td class=\"val\">").append(value(d.other())).append("</td>");
      if (judged) {
        out.append("<td><span class=\"tag ")
            .append(cls)
            .append("\">")
            .append(m.label)
            .append("</span></td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table></div>");
  }

  private static String value(String v) {
    if (v == null) {
      return "<span class=\"muted\">absent</span>";
    }
    String shown = v.length() > 300 ? v.substring(0, 300) + "…" : v;
    return "<code>" + html(shown) + "</code>";
  }

  private void request(StringBuilder out, HttpRequestData req) {
    int headers = req.headers().entries().size();
    out.append("<details class=\"request\"><summary>Request: ")
        .append(Fmt.plural(headers, "header", "headers"))
        .append(", ")
        .append(req.body().isEmpty() ? "no body" : Fmt.bytes(req.body().originalSize()) + " body")
        .append("</summary><div class=\"request-body\">");
    out.append("<p class=\"small\"><code>")
        .append(html(req.method()))
        .append(' ')
        .append(html(req.url()))
        .append("</code></p>");
    bodies.headers(out, req.headers(), Map.of());
    if (!req.body().isEmpty()) {
      bodies.body(out, req.body(), BodyBytes.mediaType(req.headers()), Map.of());
    }
    out.append("</div></details>");
  }

  private void column(
      StringBuilder out,
      String role,
      String label,
      String sub,
      TargetOutcome outcome,
      Map<String, Highlight> highlights) {
    out.append("<section class=\"col ").append(role).append("\">");
    out.append("<h4><span class=\"role\">")
        .append(label)
        .append("</span> <span class=\"muted small\">")
        .append(html(sub))
        .append("</span></h4>");
    if (outcome instanceof TargetOutcome.Answered a && a.response() != null) {
      HttpResponseData r = a.response();
      Highlight status = highlights.get("/status");
      out.append("<p class=\"status-line");
      if (status != null) {
        out.append(' ')
            .append(status.mark().cssClass)
            .append("\" title=\"")
            .append(html(status.title()));
      }
      out.append("\"><span class=\"status s")
          .append(r.status() / 100)
          .append("xx\">")
          .append(r.status())
          .append(' ')
          .append(html(Fmt.reason(r.status())))
          .append("</span> <span class=\"muted small\">")
          .append(html(Fmt.micros(a.latencyMicros())))
          .append("</span></p>");
      boolean headerMarked = highlights.keySet().stream().anyMatch(p -> p.startsWith("/headers/"));
      out.append("<details class=\"resp-headers\"")
          .append(headerMarked ? " open" : "")
          .append("><summary>")
          .append(Fmt.plural(r.headers().entries().size(), "header", "headers"))
          .append("</summary>");
      bodies.headers(out, r.headers(), highlights);
      out.append("</details>");
      bodies.body(out, r.body(), BodyBytes.mediaType(r.headers()), highlights);
    } else if (outcome instanceof TargetOutcome.Failed f) {
      out.append("<div class=\"failed\"><strong>No answer: ")
          .append(html(f.kind() == null ? "other" : f.kind().jsonName()))
          .append("</strong><p>")
          .append(html(f.message()))
          .append("</p><p class=\"muted small\">after ")
          .append(html(Fmt.micros(f.latencyMicros())))
          .append("</p></div>");
    } else {
      out.append("<p class=\"muted\">Not asked.</p>");
    }
    out.append("</section>");
  }
}
