package dev.spotter.report;

import static dev.spotter.report.ResultBuilder.answered;
import static dev.spotter.report.ResultBuilder.diff;
import static dev.spotter.report.ResultBuilder.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.diff.noise.EndpointReport;
import dev.spotter.diff.noise.Finding;
import dev.spotter.diff.noise.Verdict;
import dev.spotter.model.Body;
import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.replay.CheckResult;
import dev.spotter.replay.FailureKind;
import dev.spotter.replay.RunInfo;
import dev.spotter.replay.TargetOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=alert(2)>";
  static final String EVIL = SCRIPT + IMG + "'";

  private static String render(CheckResult result) {
    return new HtmlReport(ReportLimits.defaults()).render(result);
  }

  @Test
  void injectedMarkupIsShownAsTextEverywhere() {
    String html = render(injected());

    assertThat(html).doesNotContain(SCRIPT).doesNotContain("<img").doesNotContain(IMG);
    assertThat(count(html, "<script")).as("only the report's own script").isEqualTo(1);
    // With attribute values blanked out, no tag carries an event handler.
    assertThat(html.replaceAll("\"[^\"]*\"", "\"\""))
        .doesNotContainPattern("<[^<>]*\\son[a-z]+\\s*=");
    // Shown, escaped, where each value belongs.
    assertThat(html)
        .contains("GET /x/&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("X-&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
  }

  @Test
  void injectedMarkupCannotBreakOutOfAnAttribute() {
    String html = render(injected());

    Matcher attributes = Pattern.compile("\\s[a-z-]+=\"([^\"]*)\"").matcher(html);
    while (attributes.find()) {
      assertThat(attributes.group(1)).doesNotContain("<", ">");
    }
  }

  @Test
  void differingPathsAreHighlightedInTheirColours() {
    String html = render(Results.failing());

    // The candidate's number-turned-string is marked as a regression...
    assertThat(html)
        .containsPattern(
            "<div class=\"ln d1 m-reg\" title=\"/body/total · type_changed · candidate"
                + " \\(regression\\)\">\\s*<span class=\"k\">&quot;total&quot;</span><span"
                + " class=\"p\">:</span> <span class=\"s\">&quot;129.50&quot;</span>");
    // ...the timestamp the old build varies too is marked as noise...
    assertThat(html)
        .containsPattern(
            "<div class=\"ln d1 m-noise\" title=\"/body/generatedAt · value_changed · secondary"
                + " \\(noise\\)\">\\s*<span class=\"k\">&quot;generatedAt&quot;");
    // ...a header differing only as noise is marked in its row...
    assertThat(html).contains("<tr class=\"m-noise\" title=\"/headers/x-trace-id");
    // ...the status change is marked on the status line...
    assertThat(html)
        .containsPattern("<p class=\"status-line m-reg\"[^>]*><span class=\"status s5xx\">500");
    // ...and what did not change is not marked.
    assertThat(html)
        .containsPattern("<div class=\"ln d1\">\\s*<span class=\"k\">&quot;currency&quot;");
  }

  @Test
  void aFieldMissingFromAnAnswerIsNamedUnderIt() {
    String html = render(Results.failing());

    assertThat(html)
        .contains("Not in this answer: <code class=\"m-reg\" title=\"/body/customerName");
  }

  @Test
  void referencesNoExternalResource() {
    for (CheckResult result : List.of(Results.failing(), Results.passing(), injected())) {
      String html = render(result);

      assertThat(html)
          .doesNotContainPattern(
              "(?i)\\b(src|href|action|poster|srcset|data|formaction)\\s*=\\s*[\"']?\\s*(https?:)?//")
          .doesNotContainPattern("(?i)url\\(")
          .doesNotContainPattern("(?i)@import")
          .doesNotContainPattern("(?i)<(link|iframe|object|embed|img|video|audio|base)\\b");
      Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
      while (hrefs.find()) {
        assertThat(hrefs.group(1)).startsWith("#");
      }
      assertThat(html).contains("default-src 'none'");
    }
  }

  @Test
  void theVerdictLeadsThePage() {
    assertThat(render(Results.failing()))
        .contains("<span class=\"pill\">Fail</span><h1>6 regressions in 2 endpoints</h1>");
    assertThat(render(Results.passing()))
        .contains(
            "<span class=\"pill\">Pass</span><h1>No regressions in 880 compared requests</h1>");
  }

  @Test
  void aTargetThatNeverAnsweredGivesNoVerdict() {
    CheckResult result =
        new ResultBuilder()
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 50, 50),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 50, 50),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 50, 0))
            .build();

    String html = render(result);

    assertThat(html).contains("<span class=\"pill\">No verdict</span>");
    assertThat(html).contains("candidate never answered");
  }

  @Test
  void aCheckThatComparedNothingGivesNoVerdictAndSaysWhy() {
    CheckResult result =
        new ResultBuilder()
            .skipped("side_effect_method", "POST is not replayed without --allow-side-effects", 12)
            .build();

    String html = render(result);

    assertThat(html)
        .contains(
            "<span class=\"pill\">No verdict</span><h1>No request was compared, so this run"
                + " cannot tell what the change alters</h1>")
        .contains(
            "<p class=\"lede\">No request was compared: 12 requests were read, 12 skipped. <a"
                + " href=\"#skipped\">Skipped</a> below says why")
        .contains("<header class=\"top card v-incomplete\">")
        .contains("<title>Spotter check: no verdict");
  }

  @Test
  void undecidedPathsStandBetweenRegressionsAndNoiseInAmber() {
    String html = render(Results.undecidedPath(true));

    int section = html.indexOf("id=\"e-1\"");
    int regressions = html.indexOf("<h3 class=\"group reg\">Regressions</h3>", section);
    int undecided = html.indexOf("<h3 class=\"group look\">Undecided: 1 path</h3>", section);
    int noise = html.indexOf("Dismissed as noise: 1 path", section);
    assertThat(regressions).isPositive().isLessThan(undecided);
    assertThat(undecided).isLessThan(noise);
    assertThat(html.substring(undecided, noise))
        .contains("This is no pass")
        .contains("<table class=\"data findings look\">")
        .contains("/body/shipping/eta")
        .contains("Still undecided: asking again is off (replay.repeats).")
        .doesNotContain("/body/total")
        .doesNotContain("/body/generatedAt");
    assertThat(html)
        .contains("<span class=\"tag reg\">1 regression</span><span class=\"tag look\">1 undecided")
        .contains("<span class=\"chip look\" title=\"undecided\"><code>/body/shipping/eta")
        .doesNotContain("needs a look");
  }

  @Test
  void anUndecidedCheckIsAmberAndNeverAPass() {
    String html = render(Results.undecidedPath(false));

    assertThat(html)
        .contains("<header class=\"top card v-undecided\">")
        .contains(
            "<span class=\"pill\">Undecided</span><h1>No regression shown, but 1 finding on 1"
                + " endpoint is undecided</h1>")
        .contains(
            "<div class=\"stat look\"><span class=\"num\">1</span><span"
                + " class=\"lbl\">undecided</span></div>")
        .contains(
            "<div class=\"stat \"><span class=\"num\">0</span><span"
                + " class=\"lbl\">regressions</span></div>")
        .contains("<tr class=\"look\"><td><a href=\"#e-1\">")
        .contains("this is no pass (exit 2; <code>--allow-undecided</code> accepts it)")
        .contains("<span class=\"sw m-look\"></span>undecided")
        .contains("<title>Spotter check: undecided")
        .doesNotContain("Pass</span>")
        .doesNotContain("<header class=\"top card v-pass\">");
    assertThat(render(Results.failing()))
        .contains(
            "<div class=\"stat \"><span class=\"num\">0</span><span"
                + " class=\"lbl\">undecided</span></div>");
  }

  @Test
  void anAcceptedUndecidedCheckSaysSoAndStaysAmber() {
    String html = render(Results.undecidedAfterAsking().undecidedAccepted().build());

    assertThat(html)
        .contains("<header class=\"top card v-undecided\">")
        .contains("<span class=\"pill\">Undecided</span>")
        .contains(
            "the team accepted that with <code>--allow-undecided</code> (exit 0), but it is no"
                + " pass");
  }

  @Test
  void theHeaderSaysHowTheEndpointsWereDecidedAndWhatAskingAgainCost() {
    String html = render(Results.undecidedAfterAsking().build());

    assertThat(html)
        .contains(
            "<dt>Coverage</dt><dd>4 endpoints: 1 decided on the recorded traffic alone, 1 after"
                + " asking again, 2 undecided; 1 not covered (POST is not replayed without"
                + " --allow-side-effects)</dd>")
        .contains(
            "<dt>Asked again</dt><dd>112 exchanges for 7 requests in 3 rounds (3.2 s); stopped:"
                + " the check&#39;s budget of 112 repeats is spent</dd>");
    assertThat(render(Results.failing())).doesNotContain("<dt>Asked again</dt>");
  }

  @Test
  void eachFindingShowsHowItWasDecidedWithItsCountsOutOfAsks() {
    String html = render(Results.undecidedAfterAsking().build());

    assertThat(html)
        .contains(
            "80 requests (12.7 % of traffic; asked again 16 times, 96 asks in all) ·"
                + " undecided ·")
        .contains(
            "<td class=\"num\"><span class=\"cnt\">3</span><span class=\"rate\">3.1"
                + " %</span></td>")
        .contains(
            "Asked again 16 times on 1 request: the old build answered the same 17 times, the new"
                + " build differently 3 times.")
        .contains(
            "120 requests (19 % of traffic; asked again 96 times, 216 asks in all) ·"
                + " decided after asking again ·")
        .contains("400 requests (63.5 % of traffic) · decided on the recorded traffic alone ·");
  }

  @Test
  void endpointsNotCoveredAreListedApartFromUndecidedOnes() {
    String html = render(Results.undecidedAfterAsking().build());

    int notCovered = html.indexOf("<h3 id=\"not-covered\">Not covered: 1 endpoint</h3>");
    assertThat(notCovered).isGreaterThan(html.indexOf("<section id=\"skipped\""));
    assertThat(html.substring(notCovered))
        .contains("not covered is not undecided")
        .contains(
            "<tr><td><code>POST /orders</code></td><td>POST is not replayed without"
                + " --allow-side-effects</td><td class=\"num\">35</td></tr>");
  }

  @Test
  void aChangeAcrossEndpointsIsShownOnceAtTheTopAndItsEndpointsReferToIt() {
    String html = render(Results.acrossEndpoints());

    int across =
        html.indexOf("<section id=\"across\" class=\"card across\"><h2>Across endpoints</h2>");
    assertThat(across).isPositive().isLessThan(html.indexOf("<section id=\"endpoints\""));
    assertThat(html).containsOnlyOnce("<tr id=\"x-1\">");
    assertThat(html)
        .contains(
            "<span class=\"pill\">Fail</span><h1>1 change across 3 endpoints and 1 regression"
                + " in 1 endpoint</h1>")
        .contains(
            "<td>3: <a href=\"#e-1\"><code>GET /orders/{id}</code></a>, <a"
                + " href=\"#e-2\"><code>GET /customers/{id}</code></a>, <a"
                + " href=\"#e-3\"><code>GET /health</code></a></td>")
        .contains(Results.POWERED_BY.reason().replace("<", "&lt;"));
    int orders = html.indexOf("id=\"e-1\"");
    int regressions = html.indexOf("<h3 class=\"group reg\">Regressions</h3>", orders);
    int parts =
        html.indexOf("<h3 class=\"group reg\">Part of changes across endpoints</h3>", orders);
    assertThat(html.substring(regressions, parts))
        .as("not listed again as a regression of its own")
        .doesNotContain("x-powered-by");
    assertThat(html.substring(parts))
        .contains(
            "<a href=\"#x-1\">part of the change across endpoints: /headers/x-powered-by"
                + " field_added</a> <span class=\"muted small\">(here candidate 400, secondary 0 of"
                + " 400)</span>");
    assertThat(html)
        .contains(
            "<span class=\"tag reg\">1 regression</span><span class=\"tag reg\">part of 1 change across endpoints</span>")
        .contains("<a href=\"#across\">Across endpoints</a>");
  }

  @Test
  void exampleDifferencesAreColouredByTheirFindingsVerdict() {
    String html = render(Results.undecidedPath(true));

    assertThat(html)
        .containsPattern(
            "<div class=\"ln d2 m-look\" title=\"/body/shipping/eta · value_changed · candidate"
                + " \\(undecided\\)\">\\s*<span class=\"k\">&quot;eta&quot;</span><span"
                + " class=\"p\">:</span> <span class=\"s\">&quot;2024-05-06&quot;")
        .containsPattern(
            "<div class=\"ln d1 m-reg\" title=\"/body/total · type_changed · candidate"
                + " \\(regression\\)\">")
        .containsPattern(
            "<div class=\"ln d1 m-noise\" title=\"/body/generatedAt · value_changed · secondary"
                + " \\(noise\\)\">")
        .contains(
            "<tr class=\"look\"><td><code>/body/shipping/eta</code></td><td><span"
                + " class=\"kind\">value_changed</span></td>")
        .contains("<span class=\"tag look\">undecided</span>")
        .contains("<a class=\"cite look\" href=\"#f-1-2\">/body/shipping/eta value_changed</a>");
  }

  @Test
  void endpointsAreRankedByRegressionsWithTheirShareOfTraffic() {
    String html = render(Results.failing());

    assertThat(html.indexOf("GET /orders/{id}</code></a>"))
        .isLessThan(html.indexOf("GET /customers/{id}/summary</code></a>"))
        .isLessThan(html.indexOf("GET /orders</code></a>"));
    assertThat(html).contains("45.5 %").contains("13.6 %");
  }

  @Test
  void regressionsStandApartFromDismissedNoise() {
    String html = render(Results.failing());

    int section = html.indexOf("id=\"e-1\"");
    int regressions = html.indexOf("<h3 class=\"group reg\">Regressions</h3>", section);
    int noise = html.indexOf("Dismissed as noise: 3 paths", section);
    assertThat(regressions).isPositive().isLessThan(noise);
    assertThat(html.substring(regressions, noise))
        .contains("/body/total")
        .doesNotContain("/body/generatedAt");
    assertThat(html.substring(noise)).contains(Results.GENERATED_AT_NOISE.replace("'", "&#39;"));
  }

  @Test
  void eachExampleHasACopyAsCurlForTheCandidateAlsoReadableWithoutScript() {
    String html = render(Results.failing());

    assertThat(html)
        .contains("<button type=\"button\" class=\"copy js-only\" data-copy=\"ex-1-curl\">");
    assertThat(html)
        .containsPattern(
            "<details class=\"curl\"><summary>curl for the candidate</summary><pre"
                + " id=\"ex-1-curl\"># Redacted header values must be filled in before sending.\n"
                + "curl -sS -i --globoff \\\\\n"
                + "  &#39;http://127.0.0.1:8083/orders/1042\\?expand=items&#39; \\\\\n"
                + "  -H &#39;Accept: application/json&#39;");
  }

  @Test
  void aHugeBodyIsCutForDisplayAndSaysSo() {
    StringBuilder json = new StringBuilder("{\"items\": [");
    for (int i = 0; json.length() < 5 * 1024 * 1024; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"n\": ")
          .append(i)
          .append(", \"pad\": \"xxxxxxxxxxxxxxxx\"}");
    }
    json.append("]}");
    CheckResult result = JsonReportTest.withCandidateBody(Body.of(json.toString()));

    String html = render(result);

    assertThat(html.length()).isLessThan(400_000);
    assertThat(html)
        .contains("Showing the first 500 lines.")
        .contains("Showing the first 64.0 KiB of 5.0 MiB.");
  }

  @Test
  void aBodyCutAtCaptureIsStillPrettyPrintedUpToTheCut() {
    byte[] whole = "{\"a\": 1, \"b\": {\"c\": [1, 2, 3]}}".getBytes(StandardCharsets.UTF_8);
    Body cut = new Body(java.util.Arrays.copyOf(whole, 20), whole.length, true);

    String html = render(JsonReportTest.withCandidateBody(cut));

    assertThat(html)
        .contains("… the body is cut here")
        .contains("Cut before it reached the report");
    assertThat(html).contains("<span class=\"k\">&quot;b&quot;</span>");
  }

  @Test
  void binaryAndInvalidUtf8BodiesAreShownAsHex() {
    byte[] invalid = {'o', 'k', (byte) 0xc3, 0x28, 0, 1, 2};

    String html = render(JsonReportTest.withCandidateBody(Body.of(invalid)));

    assertThat(html).contains("Binary body, 7 B").contains("00000000  6f 6b c3 28 00 01 02");
  }

  /** Script-injection strings in every place a recorded or configured value reaches the page. */
  static CheckResult injected() {
    String endpoint = "GET /x/" + SCRIPT;
    String path = "/body/" + IMG;
    Finding finding =
        new Finding(
            path,
            DifferenceKind.VALUE_CHANGED,
            2,
            0,
            0,
            0,
            1,
            Verdict.REGRESSION,
            "reason " + EVIL,
            List.of(IMG, "plain"));
    Headers headers =
        Headers.of("X-" + SCRIPT, IMG, "Content-Type", "application/json", "X-Trace", EVIL);
    byte[] json =
        ("{\""
                + IMG.replace("\"", "\\\"")
                + "\": \""
                + SCRIPT
                + "\", \"k\": \""
                + EVIL.replace("\"", "\\\"")
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequestData request =
        new HttpRequestData("POST", "/x/" + SCRIPT + "?q=" + IMG, headers, Body.of(EVIL));
    RunInfo run =
        new RunInfo(
            EVIL,
            "har " + EVIL,
            "http://p/" + SCRIPT,
            "http://s/" + IMG,
            false,
            "http://c/" + EVIL,
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-01-01T00:00:01Z"),
            4,
            Double.NaN,
            Duration.ofSeconds(1),
            true);
    return new ResultBuilder()
        .run(run)
        .endpoint(
            new EndpointReport(new Endpoint("GET", "/x/" + SCRIPT), 2, 2, 2, List.of(finding)))
        .skipped(SCRIPT, IMG, 3)
        .targets(
            new dev.spotter.replay.TargetStats(
                SCRIPT, IMG, 2, 1, java.util.Map.of(FailureKind.OTHER, 1L), null))
        .example(
            exchange(
                IMG,
                endpoint,
                request,
                answered(200, headers, json),
                answered(200, headers, Body.of(SCRIPT + IMG)),
                new TargetOutcome.Failed(FailureKind.PROTOCOL_ERROR, EVIL, 10),
                List.of(diff(path, DifferenceKind.VALUE_CHANGED, EVIL, IMG)),
                List.of(diff("/headers/x-" + SCRIPT, DifferenceKind.HEADER_CHANGED, SCRIPT, IMG))))
        .build();
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
