package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.RunState;
import dev.spotter.canary.RunVerdict;
import dev.spotter.canary.StepRecord;
import dev.spotter.report.CanaryReportWriterTest.Runs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CanaryHtmlTest {
  private static String html(CanaryResult run) {
    return CanaryReportWriter.toHtml(run);
  }

  @Test
  void aRolledBackRunSaysSoInBigRedWordsWithItsReason() {
    String page = html(Runs.rolledBack());

    assertThat(page)
        .contains("<header class=\"top card canary v-fail\">")
        .contains("<h1 class=\"verdict\">Rolled back</h1>")
        .contains("Step 2 failed: latency p99 is 31.2 ms slower on the canary.")
        .contains("http://baseline:8080")
        .contains("http://canary:8080")
        .contains("25 min 00 s");
  }

  @Test
  void aPromotedRunIsGreenAndAnAbortedOneGrey() {
    assertThat(html(Runs.promoted()))
        .contains("v-pass")
        .contains("<h1 class=\"verdict\">Promoted</h1>")
        .contains("The final step: all traffic is on the canary");
    assertThat(html(Runs.withNoSteps()))
        .contains("v-aborted")
        .contains("<h1 class=\"verdict\">Aborted</h1>");
  }

  @Test
  void eachJudgedMetricShowsItsEffectWithItsIntervalInItsUnit() {
    String page = html(Runs.rolledBack());

    assertThat(page)
        .contains("31.2 ms [27.9, 34.6]")
        .contains("<td class=\"num\">10 ms</td>")
        .contains("&lt;0.0001")
        .contains("quantile test, mSPRT")
        .contains("1,990 / 2,000")
        .contains("The canary&#39;s p99 is 31.2 ms slower, beyond the 10 ms that counts.");
    // Error rates are fractions: shown as percentages.
    assertThat(page)
        .contains("<td class=\"num\">0.4 %</td>")
        .contains("<td class=\"num\">1 %</td>");
    assertThat(page)
        .contains("<td class=\"num\">0.6 pp</td>")
        .contains("<td class=\"num\">0.5 pp</td>");
    assertThat(page).contains("latency_p99 failed: the canary is slower.").contains("score 40");
  }

  @Test
  void bothArmsLatenciesAreDrawnAsTwoDistinctSeriesOnALabelledLogAxis() {
    String page = html(Runs.rolledBack());

    // Two steps, each with a histogram and a cumulative chart, each with both arms.
    assertThat(count(page, "<svg class=\"latency histogram\"")).isEqualTo(2);
    assertThat(count(page, "<svg class=\"latency cdf\"")).isEqualTo(2);
    assertThat(count(page, "<path class=\"series baseline\"")).isEqualTo(2);
    assertThat(count(page, "<path class=\"series canary\"")).isEqualTo(2);
    assertThat(count(page, "<polyline class=\"series baseline\"")).isEqualTo(2);
    assertThat(count(page, "<polyline class=\"series canary\"")).isEqualTo(2);
    assertThat(strokes(page, "baseline")).containsExactly(CanaryCharts.BASELINE_COLOUR);
    assertThat(strokes(page, "canary")).containsExactly(CanaryCharts.CANARY_COLOUR);
    assertThat(CanaryCharts.BASELINE_COLOUR).isNotEqualTo(CanaryCharts.CANARY_COLOUR);
    // A legend naming both arms, ticks labelled in ms, p50 and p99 marked for each arm.
    assertThat(page)
        .contains("baseline (1,987 latencies)")
        .contains("canary (2,000 latencies)")
        .contains(">10 ms</text>")
        .contains(">100 ms</text>")
        .contains("latency (log scale)")
        .contains("<title>baseline p50 40 ms</title>")
        .contains("<title>canary p99 150 ms</title>");
  }

  @Test
  void theTimelineHasABarPerStepAndOutlinesTheStepsNotReached() {
    String page = html(Runs.rolledBack());

    assertThat(page)
        .contains("<svg class=\"timeline\"")
        .contains("<a href=\"#step-1\">")
        .contains("<a href=\"#step-2\">")
        .contains("5 % · passed · 10 min 00 s")
        .contains("25 % · failed · 15 min 00 s · 1 extension")
        .contains("50 % · planned")
        .contains("100 % · planned")
        .contains("id=\"step-2\"");
  }

  @Test
  void eachArmsMixOfAnswersIsShown() {
    String page = html(Runs.rolledBack());

    assertThat(page).contains("<svg class=\"mix\"").contains("<title>5xx: 25</title>");
    assertThat(page).contains("30 (1.5 %)");
  }

  @Test
  void aRunInProgressWithEmptyArmsRenders() {
    String page = html(Runs.inProgress());

    assertThat(page)
        .contains("v-incomplete")
        .contains("<h1 class=\"verdict\">Running</h1>")
        .contains("not over")
        .contains("Not judged yet")
        .contains("No latency was recorded on either arm.")
        .contains("42.0 s so far")
        .doesNotContain("NaN");
  }

  @Test
  void aRunWithNoStepsAndNothingRecordedRenders() {
    String page = html(Runs.withNoSteps());

    assertThat(page)
        .contains("No step has started yet.")
        .contains("No event was recorded.")
        .contains("settings were not recorded.")
        .doesNotContain("NaN")
        .doesNotContain("null");
  }

  @Test
  void anArmWithoutLatenciesBesideOneWithIsSaidSo() {
    CanaryResult r = Runs.rolledBack();
    StepRecord s = r.steps().get(0);
    StepRecord oneSided =
        new StepRecord(
            0,
            5,
            s.started(),
            s.ended(),
            0,
            1,
            s.outcome(),
            null,
            s.baseline(),
            new ArmSummary(3, 3, 0, 0, 0, 0, 3, 0, 0, 0, CanaryView.NO_LATENCY));

    String page = html(withSteps(r, List.of(oneSided)));

    assertThat(page)
        .contains("<polyline class=\"series baseline\"")
        .doesNotContain("<polyline class=\"series canary\"")
        .contains("No latency was recorded on the canary.");
  }

  @Test
  void latenciesInASingleBucketStillGetAnAxis() {
    LatencyDistribution one =
        new LatencyDistribution(5, 3, 3, 3, 3, 3, List.of(new LatencyDistribution.Bucket(3.2, 5)));
    ArmSummary arm = new ArmSummary(5, 0, 5, 0, 0, 0, 0, 0, 0, 0, one);
    CanaryResult r = Runs.rolledBack();
    StepRecord s = r.steps().get(0);
    StepRecord step =
        new StepRecord(0, 5, s.started(), s.ended(), 0, 1, s.outcome(), null, arm, arm);

    String page = html(withSteps(r, List.of(step)));

    assertThat(count(page, "<polyline class=\"series ")).isEqualTo(2);
    assertThat(page).contains(" ms</text>").doesNotContain("NaN").doesNotContain("Infinity");
  }

  @Test
  void noFigureIsEverShownAsNaN() {
    for (CanaryResult run :
        List.of(
            Runs.rolledBack(),
            Runs.promoted(),
            Runs.inProgress(),
            Runs.aa(0.02),
            Runs.withNoSteps())) {
      assertThat(html(run)).doesNotContain("NaN").doesNotContain("Infinity");
    }
    assertThat(html(Runs.rolledBack())).contains("<td class=\"num\">–</td>");
  }

  @Test
  void injectedMarkupIsShownAsTextEverywhere() {
    String page = html(Runs.injected());

    assertThat(page).doesNotContain("<script").doesNotContain("<img");
    assertThat(page)
        .contains("name&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("why&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("m&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("test&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("reason&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("judged&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("kind&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("message&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("spec&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("src&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("u&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("http://b/&lt;script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    Matcher attributes = Pattern.compile("\\s[a-z-]+=\"([^\"]*)\"").matcher(page);
    while (attributes.find()) {
      assertThat(attributes.group(1)).doesNotContain("<", ">");
    }
  }

  @Test
  void thePageLoadsNothingAndRunsNothing() throws Exception {
    String page = html(Runs.rolledBack());

    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain(" src=")
        .doesNotContain("url(");
    Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
    assertThat(style.find()).isTrue();
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(style.group(1).getBytes(StandardCharsets.UTF_8));
    assertThat(page)
        .contains("default-src 'none'")
        .contains("style-src 'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
  }

  @Test
  void anAaRunWithTooManyFalseAlarmsSaysItsConfigurationCannotBeTrusted() {
    String page = html(Runs.aa(0.07));

    assertThat(page)
        .contains("id=\"false-alarms\"")
        .contains("A/A test")
        .contains("<p class=\"trust bad\">")
        .contains("the judge failed 14 of them where nothing had changed (a rate of 7 %)")
        .contains("configured α of 5 %")
        .contains("This configuration cannot be trusted");
  }

  @Test
  void anAaRunWithinAlphaSaysItsConfigurationCanBeTrusted() {
    String page = html(Runs.aa(0.02));

    assertThat(page)
        .contains("<p class=\"trust ok\">")
        .contains("This configuration can be trusted")
        .contains("95 % upper bound (6 %) is still above α");
  }

  @Test
  void anAaRunWithTooLittleTrafficSaysTheRateIsUnknown() {
    CanaryResult aa = Runs.aa(0.02);
    CanaryResult unknown =
        new CanaryResult(
            aa.name(),
            aa.baselineUrl(),
            aa.canaryUrl(),
            true,
            RunState.PAUSED,
            null,
            aa.reason(),
            aa.started(),
            null,
            aa.plannedPercents(),
            aa.judgeSettings(),
            aa.steps(),
            aa.events(),
            null,
            "header:X-User-Id");

    assertThat(html(unknown)).contains("too little traffic to estimate").contains("Paused");
  }

  @Test
  void anAbortedVerdictWinsOverTheStateItWasIn() {
    CanaryResult r = Runs.rolledBack();
    CanaryResult aborted =
        new CanaryResult(
            r.name(),
            r.baselineUrl(),
            r.canaryUrl(),
            false,
            RunState.ABORTED,
            RunVerdict.ABORTED,
            "An operator stopped it.",
            r.started(),
            r.ended(),
            r.plannedPercents(),
            r.judgeSettings(),
            r.steps(),
            r.events(),
            null,
            "header:X-User-Id");

    assertThat(html(aborted)).contains("v-aborted").contains("An operator stopped it.");
  }

  private static CanaryResult withSteps(CanaryResult r, List<StepRecord> steps) {
    return new CanaryResult(
        r.name(),
        r.baselineUrl(),
        r.canaryUrl(),
        r.aaMode(),
        r.state(),
        r.verdict(),
        r.reason(),
        r.started(),
        r.ended(),
        r.plannedPercents(),
        r.judgeSettings(),
        steps,
        r.events(),
        r.falseAlarms(),
        "header:X-User-Id");
  }

  /** The stroke colours of one arm's series. */
  private static Set<String> strokes(String page, String arm) {
    Matcher m =
        Pattern.compile("class=\"series " + arm + "\"[^>]*? stroke=\"(#[0-9a-f]{6})\"")
            .matcher(page);
    Set<String> colours = new LinkedHashSet<>();
    while (m.find()) {
      colours.add(m.group(1));
    }
    return colours;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
