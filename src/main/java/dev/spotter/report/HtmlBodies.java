package dev.spotter.report;

import static dev.spotter.report.Escape.html;

import dev.spotter.model.Body;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.report.JsonBodyRenderer.Highlight;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders headers and bodies of requests and responses into report.html, with the differing
 * pointers highlighted: JSON pretty-printed line by line, text as numbered lines (line N is marked
 * by the pointer {@code /body/line/N}), anything else as a hex dump. Every body is cut to the HTML
 * limits and says so.
 */
final class HtmlBodies {
  private static final int HEX_BYTES = 256;

  private final ReportLimits limits;

  HtmlBodies(ReportLimits limits) {
    this.limits = limits;
  }

  /** A header table; a header whose pointer is highlighted gets its row marked. */
  void headers(StringBuilder out, Headers headers, Map<String, Highlight> highlights) {
    List<String> shown = new ArrayList<>();
    if (headers == null || headers.isEmpty()) {
      out.append("<p class=\"muted small\">No headers</p>");
    } else {
      out.append("<table class=\"headers\"><tbody>");
      for (Header h : headers.entries()) {
        String pointer = "/headers/" + Escape.pointerToken(h.name().toLowerCase(Locale.ROOT));
        Highlight hl = highlights.get(pointer);
        out.append("<tr");
        if (hl != null) {
          shown.add(pointer);
          out.append(" class=\"")
              .append(hl.mark().cssClass)
              .append("\" title=\"")
              .append(html(hl.title()))
              .append('"');
        }
        out.append("><th>")
            .append(html(h.name()))
            .append("</th><td>")
            .append(html(h.value()))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    absent(out, highlights, "/headers/", shown, "Header not in this answer");
  }

  /** A body block: JSON, text or binary, with a note when it is cut. */
  void body(StringBuilder out, Body body, String mediaType, Map<String, Highlight> highlights) {
    byte[] bytes = BodyBytes.of(body);
    Highlight whole = highlights.get("/body");
    if (bytes.length == 0) {
      out.append("<p class=\"empty");
      if (whole != null) {
        out.append(' ').append(whole.mark().cssClass);
      }
      out.append("\">Empty body</p>");
      absent(out, highlights, "/body/", List.of(), "Not in this answer");
      return;
    }
    int cap = Math.min(bytes.length, limits.htmlBodyBytes());
    List<String> notes = new ArrayList<>();
    if (cap < bytes.length) {
      notes.add("Showing the first " + Fmt.bytes(cap) + " of " + Fmt.bytes(bytes.length) + ".");
    }
    if (body != null && body.truncated()) {
      notes.add(
          "Cut before it reached the report: the whole body had "
              + Fmt.bytes(body.originalSize())
              + ".");
    }
    boolean cut = cap < bytes.length || (body != null && body.truncated());
    List<String> shown = new ArrayList<>();
    if (BodyBytes.looksLikeJson(bytes, mediaType)
        && json(out, bytes, cap, cut, highlights, whole, notes, shown)) {
      notesAndAbsent(out, notes, highlights, shown, !notes.isEmpty());
      return;
    }
    if (BodyBytes.isText(bytes, cap)) {
      text(out, bytes, cap, highlights, whole, notes, shown);
      notesAndAbsent(out, notes, highlights, shown, !notes.isEmpty());
      return;
    }
    out.append("<p class=\"muted small\">Binary body, ")
        .append(html(Fmt.bytes(Math.max(bytes.length, body == null ? 0 : body.originalSize()))));
    if (!mediaType.isEmpty()) {
      out.append(", <code>").append(html(mediaType)).append("</code>");
    }
    out.append(". First bytes:</p>");
    out.append(open("code hex", whole))
        .append(html(BodyBytes.hexDump(bytes, HEX_BYTES)))
        .append("</div>");
    notes.clear();
    if (bytes.length > HEX_BYTES) {
      notes.add("Showing the first " + HEX_BYTES + " bytes as hex.");
    }
    notesAndAbsent(out, notes, highlights, shown, true);
  }

  private boolean json(
      StringBuilder out,
      byte[] bytes,
      int cap,
      boolean cut,
      Map<String, Highlight> highlights,
      Highlight whole,
      List<String> notes,
      List<String> shown) {
    JsonBodyRenderer.Rendered r =
        JsonBodyRenderer.render(bytes, cap, highlights, limits.htmlBodyLines());
    // A JSON document cut short still reads well up to the cut; anything else is shown as text.
    boolean usable = r.complete() || r.lineLimitReached() || (cut && !r.lines().isEmpty());
    if (!usable) {
      return false;
    }
    if (r.lineLimitReached()) {
      notes.add(0, "Showing the first " + Fmt.count(r.lines().size()) + " lines.");
    }
    out.append(open("code json", whole));
    for (JsonBodyRenderer.Line line : r.lines()) {
      Highlight h = line.highlight();
      out.append("<div class=\"ln d").append(Math.min(line.depth(), 20));
      if (h != null) {
        out.append(' ').append(h.mark().cssClass).append("\" title=\"").append(html(h.title()));
      }
      out.append("\">")
          .append("  ".repeat(Math.min(line.depth(), 40)))
          .append(line.html())
          .append("</div>");
    }
    if (!r.complete() && !r.lineLimitReached()) {
      out.append("<div class=\"ln cut\">… the body is cut here</div>");
    }
    out.append("</div>");
    shown.addAll(r.shownPointers());
    return true;
  }

  /** Text as numbered lines, split as the diff splits them; line N is {@code /body/line/N}. */
  private void text(
      StringBuilder out,
      byte[] bytes,
      int cap,
      Map<String, Highlight> highlights,
      Highlight whole,
      List<String> notes,
      List<String> shown) {
    int cut = BodyBytes.utf8Cut(bytes, cap);
    String text = new String(bytes, 0, cut, StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n", -1);
    // A final newline ends the last line; it does not start an empty one.
    int count =
        lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    int max = limits.htmlBodyLines();
    out.append(open("code text", whole));
    for (int i = 0; i < Math.min(count, max); i++) {
      String pointer = "/body/line/" + (i + 1);
      Highlight h = highlights.get(pointer);
      out.append("<div class=\"ln d0");
      if (h != null) {
        shown.add(pointer);
        out.append(' ').append(h.mark().cssClass).append("\" title=\"").append(html(h.title()));
      }
      out.append("\" data-line=\"")
          .append(i + 1)
          .append("\">")
          .append(html(lines[i]))
          .append("</div>");
    }
    out.append("</div>");
    if (count > max) {
      notes.add(0, "Showing the first " + Fmt.count(max) + " lines.");
    }
  }

  private static String open(String classes, Highlight whole) {
    StringBuilder s = new StringBuilder("<div class=\"").append(classes);
    if (whole != null) {
      s.append(" whole ")
          .append(whole.mark().cssClass)
          .append("\" title=\"")
          .append(html(whole.title()));
    }
    return s.append("\">").toString();
  }

  private static void notesAndAbsent(
      StringBuilder out,
      List<String> notes,
      Map<String, Highlight> highlights,
      List<String> shown,
      boolean partial) {
    for (String note : notes) {
      out.append("<p class=\"note\">").append(html(note)).append("</p>");
    }
    absent(
        out, highlights, "/body/", shown, partial ? "Not in the part shown" : "Not in this answer");
  }

  /**
   * Highlighted pointers under {@code prefix} that the rendering did not show: fields missing from
   * this answer, or past the part of the body shown. Listed so that no difference is invisible.
   */
  private static void absent(
      StringBuilder out,
      Map<String, Highlight> highlights,
      String prefix,
      List<String> shown,
      String label) {
    List<String> missing =
        highlights.keySet().stream()
            .filter(p -> p.startsWith(prefix) && !shown.contains(p))
            .sorted()
            .toList();
    if (missing.isEmpty()) {
      return;
    }
    out.append("<p class=\"absent\">").append(html(label)).append(": ");
    for (int i = 0; i < missing.size(); i++) {
      Highlight h = highlights.get(missing.get(i));
      out.append(i == 0 ? "" : ", ")
          .append("<code class=\"")
          .append(h.mark().cssClass)
          .append("\" title=\"")
          .append(html(h.title()))
          .append("\">")
          .append(html(missing.get(i)))
          .append("</code>");
    }
    out.append("</p>");
  }
}
