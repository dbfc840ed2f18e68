package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepRulesTest {
  private static final JudgeSettings SETTINGS = JudgeSettings.defaults(5);

  private static Outcome outcome(String name, double weight, boolean critical, Verdict verdict) {
    return Outcome.of(
        new MetricJudgement(
            name,
            MetricKind.LATENCY,
            verdict,
            critical,
            weight,
            100,
            100,
            "test",
            1,
            1,
            0,
            -1,
            1,
            1,
            1,
            "ms",
            "Reason of " + name + "."));
  }

  @Test
  void allPassingMetricsPassTheStep() {
    StepJudgement s =
        StepRules.combine(
            SETTINGS,
            List.of(
                outcome("error-rate", 40, true, Verdict.PASS),
                outcome("latency", 30, false, Verdict.PASS),
                outcome("latency-p99", 30, false, Verdict.PASS)));
    assertThat(s.verdict()).isEqualTo(Verdict.PASS);
    assertThat(s.score()).isEqualTo(100);
    assertThat(s.reason()).isEqualTo("Score 100 reaches the pass score 95.");
  }

  @Test
  void aCriticalFailureFailsTheStepWhateverTheScore() {
    StepJudgement s =
        StepRules.combine(
            new JudgeSettings(0.05, 5, SETTINGS.metrics(), 50, 0, 50),
            List.of(
                outcome("error-rate", 40, true, Verdict.FAIL),
                outcome("latency", 30, false, Verdict.PASS),
                outcome("latency-p99", 30, false, Verdict.PASS)));
    assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(s.score()).isEqualTo(60);
    assertThat(s.reason())
        .isEqualTo("Critical metric 'error-rate' is worse on the canary: reason of error-rate.");
  }

  @Test
  void failedWeightBeyondTheMarginalScoreFailsTheStep() {
    StepJudgement s =
        StepRules.combine(
            SETTINGS,
            List.of(
                outcome("error-rate", 40, true, Verdict.PASS),
                outcome("latency", 30, false, Verdict.FAIL),
                outcome("latency-p99", 30, false, Verdict.PASS)));
    assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(s.reason())
        .isEqualTo(
            "Failed metrics (latency) weigh 30 of 100, more than the 25 a marginal score of 75"
                + " allows. Metric 'latency': Reason of latency.");
  }

  @Test
  void aTolerableFailureWithTooLowAScoreIsInconclusive() {
    JudgeSettings lenient = new JudgeSettings(0.05, 5, SETTINGS.metrics(), 95, 60, 50);
    StepJudgement s =
        StepRules.combine(
            lenient,
            List.of(
                outcome("error-rate", 40, true, Verdict.PASS),
                outcome("latency", 30, false, Verdict.FAIL),
                outcome("latency-p99", 30, false, Verdict.INCONCLUSIVE)));
    assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(s.score()).isEqualTo(40);
    assertThat(s.reason())
        .isEqualTo(
            "Too early to decide: score 40 is below the pass score 95; undecided: latency-p99;"
                + " failed: latency.");
  }

  @Test
  void inconclusiveMetricsNeverPromote() {
    StepJudgement s =
        StepRules.combine(
            SETTINGS,
            List.of(
                outcome("error-rate", 40, true, Verdict.INCONCLUSIVE),
                outcome("latency", 30, false, Verdict.PASS),
                outcome("latency-p99", 30, false, Verdict.PASS)));
    assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(s.score()).isEqualTo(60);
  }

  @Test
  void anSloBreachFailsTheStepEvenForAnUncriticalLightMetric() {
    MetricJudgement light = outcome("latency-p99", 30, false, Verdict.FAIL).judgement();
    StepJudgement s =
        StepRules.combine(
            new JudgeSettings(0.05, 5, SETTINGS.metrics(), 50, 0, 50),
            List.of(
                outcome("error-rate", 40, true, Verdict.PASS),
                outcome("latency", 30, false, Verdict.PASS),
                new Outcome(light, true)));
    assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(s.reason()).startsWith("Metric 'latency-p99' breaches its SLO limit on the canary");
  }

  @Test
  void theJudgeKeepsTheSettingsOrderOfMetrics() {
    StepJudgement s = new Judge(SETTINGS).judge(Data.counts(10, 0), Data.counts(10, 0));
    assertThat(s.metrics())
        .extracting(MetricJudgement::metric)
        .containsExactly("error-rate", "latency", "latency-p99");
    assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(s.score()).isZero();
  }
}
