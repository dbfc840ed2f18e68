package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.canary.ArmSummary;
import dev.spotter.canary.CanaryResult;
import dev.spotter.canary.LatencyDistribution;
import dev.spotter.canary.RunEvent;
import dev.spotter.canary.RunState;
import dev.spotter.canary.RunVerdict;
import dev.spotter.canary.StepOutcome;
import dev.spotter.canary.StepRecord;
import dev.spotter.canary.judge.Direction;
import dev.spotter.canary.judge.FalseAlarmRate;
import dev.spotter.canary.judge.JudgeSettings;
import dev.spotter.canary.judge.MetricJudgement;
import dev.spotter.canary.judge.MetricKind;
import dev.spotter.canary.judge.MetricSpec;
import dev.spotter.canary.judge.MinEffect;
import dev.spotter.canary.judge.StepJudgement;
import dev.spotter.canary.judge.Verdict;
import dev.spotter.model.SpotterException;
import dev.spotter.model.SpotterVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryReportWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void writesReportJsonAndReportHtmlIntoANewDirectory() {
    Path dir = tmp.resolve("a/new/canary-report");

    List<Path> files = CanaryReportWriter.writeAll(Runs.rolledBack(), dir);

    assertThat(files).containsExactly(dir.resolve("report.json"), dir.resolve("report.html"));
    assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile().isNotEmptyFile());
  }

  @Test
  void aRolledBackRunSaysSoInReportJsonWithTheJudgesFigures() throws IOException {
    JsonNode json = written(Runs.rolledBack());

    assertThat(json.get("kind").asText()).isEqualTo("canary");
    assertThat(json.get("spotter_version").asText()).isEqualTo(SpotterVersion.VERSION);
    assertThat(json.get("verdict").asText()).isEqualTo("rolled_back");
    assertThat(json.get("state").asText()).isEqualTo("rolled_back");
    assertThat(json.get("reason").asText()).contains("latency p99");
    assertThat(json.get("baseline").asText()).isEqualTo("http://baseline:8080");
    assertThat(json.get("canary").asText()).isEqualTo("http://canary:8080");
    assertThat(json.get("aa_mode").asBoolean()).isFalse();
    assertThat(json.get("started").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(json.get("ended").asText()).isEqualTo("2025-03-01T10:25:00Z");
    assertThat(json.get("planned_percents").toString()).isEqualTo("[5.0,25.0,50.0,100.0]");

    JsonNode judge = json.get("judge");
    assertThat(judge.get("alpha").asDouble()).isEqualTo(0.05);
    assertThat(judge.get("pass_score").asDouble()).isEqualTo(95);
    assertThat(judge.get("min_samples").asInt()).isEqualTo(50);
    JsonNode spec = judge.get("metrics").get(1);
    assertThat(spec.get("name").asText()).isEqualTo("latency_p99");
    assertThat(spec.get("kind").asText()).isEqualTo("latency");
    assertThat(spec.get("direction").asText()).isEqualTo("higher_is_worse");
    assertThat(spec.get("quantile").asDouble()).isEqualTo(0.99);
    assertThat(spec.get("min_effect").get("relative").asDouble()).isEqualTo(0.1);
    assertThat(spec.get("min_effect").get("absolute").asDouble()).isEqualTo(5);
    assertThat(spec.get("critical").asBoolean()).isTrue();
    assertThat(spec.get("slo_limit").asDouble()).isEqualTo(250);

    JsonNode failed = json.get("steps").get(1);
    assertThat(failed.get("index").asInt()).isEqualTo(1);
    assertThat(failed.get("canary_percent").asDouble()).isEqualTo(25);
    assertThat(failed.get("outcome").asText()).isEqualTo("failed");
    assertThat(failed.get("extensions").asInt()).isEqualTo(1);
    assertThat(failed.get("looks").asInt()).isEqualTo(4);
    JsonNode canary = failed.get("arms").get("canary");
    assertThat(canary.get("requests").asLong()).isEqualTo(2000);
    assertThat(canary.get("errors").asLong()).isEqualTo(30);
    assertThat(canary.get("error_rate").asDouble()).isEqualTo(0.015);
    assertThat(canary.get("status_5xx").asLong()).isEqualTo(25);
    assertThat(canary.get("timeouts").asLong()).isEqualTo(3);
    assertThat(canary.get("latency").get("p99_ms").asDouble()).isEqualTo(150);
    assertThat(canary.get("latency").get("buckets").get(0).get("upper_ms").asDouble()).isPositive();
    JsonNode judgement = failed.get("judgement");
    assertThat(judgement.get("verdict").asText()).isEqualTo("fail");
    assertThat(judgement.get("score").asDouble()).isEqualTo(40);
    JsonNode latency = judgement.get("metrics").get(0);
    assertThat(latency.get("metric").asText()).isEqualTo("latency_p99");
    assertThat(latency.get("verdict").asText()).isEqualTo("fail");
    assertThat(latency.get("estimate").asDouble()).isEqualTo(31.2);
    assertThat(latency.get("lower").asDouble()).isEqualTo(27.9);
    assertThat(latency.get("upper").asDouble()).isEqualTo(34.6);
    assertThat(latency.get("p_value").asDouble()).isEqualTo(0.00002);
    assertThat(latency.get("baseline_n").asLong()).isEqualTo(1990);
    assertThat(latency.get("unit").asText()).isEqualTo("ms");

    assertThat(json.get("events").get(0).get("kind").asText()).isEqualTo("step_started");
    assertThat(json.get("events").get(0).get("at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(json.get("false_alarms").isNull()).isTrue();
  }

  @Test
  void figuresThatAreNotNumbersAreWrittenAsNullSoReportJsonStaysValid() throws IOException {
    Path dir = tmp.resolve("nan");
    CanaryReportWriter.writeAll(Runs.rolledBack(), dir);
    String text = Files.readString(dir.resolve("report.json"));

    // The default ObjectMapper refuses NaN and Infinity tokens: parsing at all proves there are
    // none.
    JsonNode json = MAPPER.readTree(text);

    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode errorRate = json.get("steps").get(1).get("judgement").get("metrics").get(1);
    assertThat(errorRate.get("p_value").isNull()).isTrue();
    assertThat(errorRate.get("lower").isNull()).isTrue();
    assertThat(errorRate.get("upper").isNull()).isTrue();
    JsonNode errorSpec = json.get("judge").get("metrics").get(0);
    assertThat(errorSpec.get("quantile").isNull()).isTrue();
    assertThat(errorSpec.get("slo_limit").isNull()).isTrue();
  }

  @Test
  void aRunStillInProgressHasNoVerdictAndEmptyArmsYet() throws IOException {
    JsonNode json = written(Runs.inProgress());

    assertThat(json.get("verdict").isNull()).isTrue();
    assertThat(json.get("state").asText()).isEqualTo("running");
    assertThat(json.get("ended").isNull()).isTrue();
    JsonNode step = json.get("steps").get(0);
    assertThat(step.get("outcome").asText()).isEqualTo("in_progress");
    assertThat(step.get("ended").isNull()).isTrue();
    assertThat(step.get("judgement").isNull()).isTrue();
    JsonNode latency = step.get("arms").get("canary").get("latency");
    assertThat(latency.get("count").asLong()).isZero();
    assertThat(latency.get("p50_ms").isNull()).isTrue();
    assertThat(latency.get("max_ms").isNull()).isTrue();
    assertThat(latency.get("buckets")).isEmpty();
    assertThat(step.get("arms").get("canary").get("error_rate").asDouble()).isZero();
  }

  @Test
  void aPromotedRunKeepsItsFinalStepUnjudged() throws IOException {
    JsonNode json = written(Runs.promoted());

    assertThat(json.get("verdict").asText()).isEqualTo("promoted");
    assertThat(json.get("steps")).hasSize(3);
    assertThat(json.get("steps").get(2).get("outcome").asText()).isEqualTo("full");
    assertThat(json.get("steps").get(2).get("judgement").isNull()).isTrue();
  }

  @Test
  void anAaRunCarriesItsFalseAlarmRate() throws IOException {
    JsonNode json = written(Runs.aa(0.07));

    assertThat(json.get("aa_mode").asBoolean()).isTrue();
    JsonNode f = json.get("false_alarms");
    assertThat(f.get("runs").asInt()).isEqualTo(200);
    assertThat(f.get("false_alarms").asInt()).isEqualTo(14);
    assertThat(f.get("rate").asDouble()).isEqualTo(0.07);
    assertThat(f.get("alpha").asDouble()).isEqualTo(0.05);
    assertThat(f.get("upper95").asDouble())
        .isCloseTo(0.11, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsAReportDirError() throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> CanaryReportWriter.writeAll(Runs.rolledBack(), file.resolve("sub")))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.dir"))
        .hasMessageContaining("not-a-dir");
  }

  @Test
  void aReportPathThatIsADirectoryIsAWriteFailure() throws IOException {
    Path dir = tmp.resolve("taken");
    Files.createDirectories(dir.resolve("report.json"));

    assertThatThrownBy(() -> CanaryReportWriter.writeAll(Runs.rolledBack(), dir))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.write_failed"));
  }

  @Test
  void writingAgainReplacesTheReportsAndLeavesNoTemporaryFiles() throws IOException {
    Path dir = tmp.resolve("again");
    CanaryReportWriter.writeAll(Runs.inProgress(), dir);

    CanaryReportWriter.writeAll(Runs.rolledBack(), dir);

    assertThat(MAPPER.readTree(dir.resolve("report.json").toFile()).get("verdict").asText())
        .isEqualTo("rolled_back");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("report.json", "report.html");
    }
  }

  @Test
  void theWrittenFilesAreWhatToJsonAndToHtmlRender() throws IOException {
    Path dir = tmp.resolve("same");
    CanaryResult run = Runs.rolledBack();

    CanaryReportWriter.writeAll(run, dir);

    assertThat(Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8))
        .isEqualTo(CanaryReportWriter.toJson(run));
    assertThat(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8))
        .isEqualTo(CanaryReportWriter.toHtml(run));
  }

  private JsonNode written(CanaryResult run) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "run");
    CanaryReportWriter.writeAll(run, dir);
    return MAPPER.readTree(dir.resolve("report.json").toFile());
  }

  /** Canary runs as the router would hand them to the writer. */
  static final class Runs {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Runs() {}

    static JudgeSettings settings() {
      return settings(60);
    }

    /** The error rate (weight 40) and the p99 latency; weights must add up to 100. */
    static JudgeSettings settings(double latencyWeight, MetricSpec... more) {
      List<MetricSpec> specs = new ArrayList<>();
      specs.add(
          new MetricSpec(
              "error_rate",
              MetricKind.ERROR_RATE,
              null,
              Double.NaN,
              Direction.HIGHER_IS_WORSE,
              new MinEffect(0.5, 0.005),
              40,
              true,
              Double.NaN));
      specs.add(
          new MetricSpec(
              "latency_p99",
              MetricKind.LATENCY,
              null,
              0.99,
              Direction.HIGHER_IS_WORSE,
              new MinEffect(0.1, 5),
              latencyWeight,
              true,
              250));
      specs.addAll(List.of(more));
      return new JudgeSettings(0.05, 3, specs, 95, 75, 50);
    }

    /** Two steps: 5 % passed, 25 % failed on the p99 latency. */
    static CanaryResult rolledBack() {
      StepRecord first =
          new StepRecord(
              0,
              5,
              T0,
              T0.plusSeconds(600),
              0,
              3,
              StepOutcome.PASSED,
              new StepJudgement(
                  Verdict.PASS,
                  100,
                  List.of(
                      latencyJudgement(Verdict.PASS, 1.1, -0.4, 2.6, 0.41, "no change"),
                      errorJudgement(Verdict.PASS, 0.0002, -0.0061, 0.0015, 0.38)),
                  "Every metric passed."),
              arm(400, 1, 40, 0),
              arm(21, 0, 41, 0));
      StepRecord second =
          new StepRecord(
              1,
              25,
              T0.plusSeconds(600),
              T0.plusSeconds(1500),
              1,
              4,
              StepOutcome.FAILED,
              new StepJudgement(
                  Verdict.FAIL,
                  40,
                  List.of(
                      latencyJudgement(
                          Verdict.FAIL,
                          31.2,
                          27.9,
                          34.6,
                          0.00002,
                          "The canary's p99 is 31.2 ms slower, beyond the 10 ms that counts."),
                      errorJudgement(
                          Verdict.INCONCLUSIVE, 0.01, Double.NaN, Double.NaN, Double.NaN)),
                  "latency_p99 failed: the canary is slower."),
              arm(1990, 8, 40, 3),
              new ArmSummary(2000, 30, 1895, 50, 25, 25, 2, 3, 0, 4, latency(2000, 75, 150)));
      return new CanaryResult(
          "checkout-v2",
          "http://baseline:8080",
          "http://canary:8080",
          false,
          RunState.ROLLED_BACK,
          RunVerdict.ROLLED_BACK,
          "Step 2 failed: latency p99 is 31.2 ms slower on the canary.",
          T0,
          T0.plusSeconds(1500),
          List.of(5.0, 25.0, 50.0, 100.0),
          settings(),
          List.of(first, second),
          List.of(
              new RunEvent(T0, "step_started", "Step 1 started with 5 % on the canary."),
              new RunEvent(T0.plusSeconds(600), "step_passed", "Step 1 passed."),
              new RunEvent(T0.plusSeconds(1500), "rolled_back", "All traffic is back.")),
          null,
          "header:X-User-Id");
    }

    static CanaryResult promoted() {
      List<StepRecord> steps = new ArrayList<>();
      double[] percents = {10, 50, 100};
      for (int i = 0; i < percents.length; i++) {
        boolean last = i == percents.length - 1;
        steps.add(
            new StepRecord(
                i,
                percents[i],
                T0.plusSeconds(600L * i),
                T0.plusSeconds(600L * (i + 1)),
                0,
                last ? 0 : 2,
                last ? StepOutcome.FULL : StepOutcome.PASSED,
                last
                    ? null
                    : new StepJudgement(
                        Verdict.PASS,
                        97.5,
                        List.of(latencyJudgement(Verdict.PASS, 0.8, -1.2, 2.9, 0.3, "no change")),
                        "Every metric passed."),
                last ? CanaryView.NO_TRAFFIC : arm(1000, 1, 40, 0),
                arm(100 * percents[i], 1, 41, 0)));
      }
      return new CanaryResult(
          "checkout-v3",
          "http://baseline:8080",
          "http://canary:8080",
          false,
          RunState.PROMOTED,
          RunVerdict.PROMOTED,
          "Every step passed; the canary serves all traffic.",
          T0,
          T0.plusSeconds(1800),
          List.of(10.0, 50.0, 100.0),
          settings(),
          steps,
          List.of(new RunEvent(T0.plusSeconds(1800), "promoted", "Promoted.")),
          null,
          "header:X-User-Id");
    }

    /** Just started: one step, nothing served yet, not judged, no end. */
    static CanaryResult inProgress() {
      StepRecord step =
          new StepRecord(
              0,
              1,
              T0,
              null,
              0,
              0,
              StepOutcome.IN_PROGRESS,
              null,
              CanaryView.NO_TRAFFIC,
              new ArmSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CanaryView.NO_LATENCY));
      return new CanaryResult(
          "checkout-v4",
          "http://baseline:8080",
          "http://canary:8080",
          false,
          RunState.RUNNING,
          null,
          "Step 1 of 3 is collecting data.",
          T0,
          null,
          List.of(1.0, 10.0, 100.0),
          settings(),
          List.of(step),
          List.of(new RunEvent(T0.plusSeconds(42), "step_started", "Step 1 started.")),
          null,
          "header:X-User-Id");
    }

    /** The baseline against itself, with the given observed false-alarm rate (alpha is 5 %). */
    static CanaryResult aa(double rate) {
      CanaryResult r = rolledBack();
      StepRecord passed = r.steps().get(0);
      return new CanaryResult(
          "aa-calibration",
          "http://baseline:8080",
          "http://baseline:8080",
          true,
          RunState.PROMOTED,
          RunVerdict.PROMOTED,
          "The baseline passed against itself.",
          r.started(),
          r.ended(),
          List.of(50.0),
          settings(),
          List.of(passed),
          List.of(),
          new FalseAlarmRate(200, (int) Math.round(rate * 200), rate, 0.05, rate + 0.04, 180),
          "header:X-User-Id");
    }

    static CanaryResult withNoSteps() {
      return new CanaryResult(
          null,
          null,
          null,
          false,
          RunState.ABORTED,
          RunVerdict.ABORTED,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          "header:X-User-Id");
    }

    /** Everything a person could type or a server could send, as markup. */
    static CanaryResult injected() {
      CanaryResult r = rolledBack();
      StepRecord s = r.steps().get(1);
      MetricJudgement m =
          new MetricJudgement(
              "m" + SCRIPT,
              MetricKind.VALUE,
              Verdict.FAIL,
              false,
              1,
              10,
              10,
              "test" + SCRIPT,
              1,
              2,
              1,
              0.5,
              1.5,
              0.2,
              0.01,
              "u" + SCRIPT,
              "reason" + SCRIPT);
      StepRecord evil =
          new StepRecord(
              s.index(),
              s.canaryPercent(),
              s.started(),
              s.ended(),
              s.extensions(),
              s.looks(),
              s.outcome(),
              new StepJudgement(Verdict.FAIL, 0, List.of(m), "judged" + SCRIPT),
              s.baseline(),
              s.canary());
      JudgeSettings j =
          settings(
              50,
              new MetricSpec(
                  "spec" + SCRIPT,
                  MetricKind.VALUE,
                  "src" + SCRIPT,
                  0.5,
                  Direction.LOWER_IS_WORSE,
                  new MinEffect(0.1, 1),
                  10,
                  false,
                  Double.NaN));
      return new CanaryResult(
          "name" + SCRIPT,
          "http://b/" + SCRIPT,
          "http://c/\"><img src=x onerror=alert(2)>",
          r.aaMode(),
          r.state(),
          r.verdict(),
          "why" + SCRIPT,
          r.started(),
          r.ended(),
          r.plannedPercents(),
          j,
          List.of(r.steps().get(0), evil),
          List.of(new RunEvent(T0, "kind" + SCRIPT, "message" + SCRIPT)),
          null,
          "header:X-User-Id");
    }

    static MetricJudgement latencyJudgement(
        Verdict v, double estimate, double lower, double upper, double p, String reason) {
      return new MetricJudgement(
          "latency_p99",
          MetricKind.LATENCY,
          v,
          true,
          60,
          1990,
          2000,
          "quantile test, mSPRT",
          118.8,
          118.8 + estimate,
          estimate,
          lower,
          upper,
          10,
          p,
          "ms",
          reason);
    }

    static MetricJudgement errorJudgement(
        Verdict v, double canaryRate, double lower, double upper, double p) {
      return new MetricJudgement(
          "error_rate",
          MetricKind.ERROR_RATE,
          v,
          true,
          40,
          1990,
          2000,
          "Beta-binomial mixture, mSPRT",
          0.004,
          canaryRate,
          canaryRate - 0.004,
          lower,
          upper,
          0.005,
          p,
          "ratio",
          v == Verdict.INCONCLUSIVE ? "Too few errors to tell." : "No more errors than before.");
    }

    /** An arm with mostly 2xx answers and latencies around {@code medianMs}. */
    static ArmSummary arm(double requests, long errors, double medianMs, long timeouts) {
      long n = (long) requests;
      return new ArmSummary(
          n,
          errors,
          n - errors,
          0,
          0,
          errors - timeouts,
          0,
          timeouts,
          0,
          0,
          latency(n - timeouts, medianMs, medianMs * 3));
    }

    /**
     * Latencies bell-shaped on a log scale around {@code medianMs}, in buckets 25 % apart (empty
     * ones left out, as a summary of a histogram may do).
     */
    static LatencyDistribution latency(long count, double medianMs, double p99Ms) {
      List<LatencyDistribution.Bucket> buckets = new ArrayList<>();
      double spread = Math.log(p99Ms / medianMs) / 2.326;
      double[] weights = new double[60];
      double total = 0;
      for (int k = 0; k < weights.length; k++) {
        double mid = Math.log(0.5 * Math.pow(1.25, k) / 1.118);
        double z = (mid - Math.log(medianMs)) / spread;
        weights[k] = Math.exp(-z * z / 2);
        total += weights[k];
      }
      long left = count;
      for (int k = 0; k < weights.length && left > 0; k++) {
        long c = Math.min(left, Math.round(count * weights[k] / total));
        if (c > 0) {
          buckets.add(new LatencyDistribution.Bucket(0.5 * Math.pow(1.25, k), c));
          left -= c;
        }
      }
      if (left > 0 && !buckets.isEmpty()) {
        LatencyDistribution.Bucket last = buckets.remove(buckets.size() - 1);
        buckets.add(new LatencyDistribution.Bucket(last.upperMs(), last.count() + left));
      }
      return new LatencyDistribution(
          count, medianMs, medianMs * 1.8, p99Ms, p99Ms * 1.4, p99Ms * 2, List.copyOf(buckets));
    }
  }
}
