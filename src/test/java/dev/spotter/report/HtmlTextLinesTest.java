package dev.spotter.report;

import static dev.spotter.report.ResultBuilder.answered;
import static dev.spotter.report.ResultBuilder.exchange;
import static dev.spotter.report.ResultBuilder.get;
import static dev.spotter.report.ResultBuilder.regression;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.model.Headers;
import dev.spotter.replay.CheckResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Text bodies differ line by line at {@code /body/line/N}; report.html marks each line on the side
 * its number counts in, in the colour of its finding's verdict.
 */
class HtmlTextLinesTest {
  private static final Pattern COLUMN =
      Pattern.compile("<section class=\"col (primary|secondary|candidate)\">(.*?)</section>");
  private static final Pattern LINE =
      Pattern.compile(
          "<div class=\"ln d0( m-[a-z]+)?\"(?: title=\"[^\"]*\")? data-line=\"(\\d+)\">([^<]*)</div>");

  private static String render(CheckResult result, ReportLimits limits) {
    return new HtmlReport(limits).render(result);
  }

  /** The marked lines of each column: role to (line number to "mark text"). */
  private static Map<String, Map<Integer, String>> marked(String html) {
    Map<String, Map<Integer, String>> columns = new TreeMap<>();
    Matcher col = COLUMN.matcher(html);
    while (col.find()) {
      Map<Integer, String> lines = new TreeMap<>();
      Matcher line = LINE.matcher(col.group(2));
      while (line.find()) {
        if (line.group(1) != null) {
          lines.put(Integer.parseInt(line.group(2)), line.group(1).trim() + " " + line.group(3));
        }
      }
      columns.put(col.group(1), lines);
    }
    return columns;
  }

  @Test
  void eachLineIsMarkedOnTheSideItsNumberCountsInInItsVerdictsColour() {
    Map<String, Map<Integer, String>> marked =
        marked(render(Results.textLines(), ReportLimits.defaults()));

    // Changed and missing lines count in the primary's body.
    assertThat(marked.get("primary"))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    2, "m-noise Generated: 2024-05-02T10:15:03Z",
                    4, "m-reg Tax: 24.61 EUR",
                    5, "m-reg Total: 154.11 EUR")));
    assertThat(marked.get("secondary"))
        .containsExactlyEntriesOf(Map.of(2, "m-noise Generated: 2024-05-02T10:15:04Z"));
    // The changed line 5 became the candidate's line 4 once the missing line 4 is taken out; the
    // added line counts in the candidate's body.
    assertThat(marked.get("candidate"))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    2, "m-noise Generated: 2024-05-02T10:15:05Z",
                    4, "m-reg Total: 154.10 EUR",
                    6, "m-look Paid by card.")));
  }

  @Test
  void noLineDifferenceIsListedAsMissingWhenEveryLineIsShown() {
    String html = render(Results.textLines(), ReportLimits.defaults());

    assertThat(html).doesNotContain("<p class=\"absent\">");
    assertThat(html).contains("data-line=\"1\">INVOICE 1042</div>");
  }

  @Test
  void aMarkedLineBeyondTheLinesShownIsListedUnderTheBody() {
    ReportLimits threeLines = new ReportLimits(256 * 1024, 64 * 1024, 3, 60, 20);

    String html = render(Results.textLines(), threeLines);

    String candidate = column(html, "candidate");
    assertThat(candidate)
        .contains("Showing the first 3 lines.")
        .containsPattern(
            "Not in the part shown: <code class=\"m-reg\"[^>]*>/body/line/4</code>, <code"
                + " class=\"m-look\"[^>]*>/body/line/6</code>");
  }

  @Test
  void aJsonMemberNamedLineKeepsItsJsonPointer() {
    Headers json = Headers.of("Content-Type", "application/json");
    CheckResult result =
        new ResultBuilder()
            .endpoint(
                "GET /poem",
                1,
                1,
                1,
                regression("/body/line/*", DifferenceKind.FIELD_ADDED, 1, 0, "added", "p1"))
            .example(
                exchange(
                    "p1",
                    "GET /poem",
                    get("/poem"),
                    answered(200, json, bytes("{\"line\": [\"a\"]}")),
                    answered(200, json, bytes("{\"line\": [\"a\"]}")),
                    answered(200, json, bytes("{\"line\": [\"a\", \"b\"]}")),
                    List.of(
                        ResultBuilder.diff(
                            "/body/line/1", DifferenceKind.FIELD_ADDED, null, "\"b\"")),
                    List.of()))
            .build();

    String html = render(result, ReportLimits.defaults());

    // As with any JSON field: marked where it is, named where it is not.
    assertThat(column(html, "candidate"))
        .containsPattern("<div class=\"ln d2 m-reg\"[^>]*>\\s*<span class=\"s\">&quot;b&quot;");
    assertThat(column(html, "primary"))
        .contains("Not in this answer: <code class=\"m-reg\" title=\"/body/line/1");
  }

  private static String column(String html, String role) {
    Matcher col = COLUMN.matcher(html);
    while (col.find()) {
      if (col.group(1).equals(role)) {
        return col.group(2);
      }
    }
    throw new AssertionError("no column " + role);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
