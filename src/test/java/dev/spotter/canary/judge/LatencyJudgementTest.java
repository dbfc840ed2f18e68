package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyJudgementTest {
  private static final JudgeSettings LOCATION =
      Data.only(Data.latency("latency", Double.NaN, 100, Double.NaN));
  private static final JudgeSettings P99 =
      Data.only(Data.latency("latency-p99", 0.99, 100, Double.NaN));

  @Test
  void thirtyPercentSlowerFailsWithAFewHundredCanarySamples() {
    for (long seed = 1; seed <= 10; seed++) {
      Random random = new Random(seed);
      double[] baseline = Data.lognormal(random, 5000, 100, 0.5, 1.0);
      double[] canary = Data.lognormal(random, 500, 100, 0.5, 1.3);

      MetricJudgement j = Data.single(LOCATION, Data.latencies(baseline), Data.latencies(canary));

      assertThat(j.verdict()).as("seed %d: %s", seed, j.reason()).isEqualTo(Verdict.FAIL);
      assertThat(j.lower()).as("seed %d", seed).isGreaterThan(j.threshold());
      assertThat(j.estimate()).as("seed %d", seed).isBetween(15.0, 45.0);
      assertThat(j.reason()).as("seed %d", seed).startsWith("Canary's latency is higher by ");
      assertThat(j.unit()).isEqualTo("ms");
      assertThat(j.test()).isEqualTo("Mann-Whitney U, mSPRT");
    }
  }

  @Test
  void identicalDistributionsPassWithEnoughData() {
    for (long seed = 1; seed <= 10; seed++) {
      Random random = new Random(seed);
      double[] baseline = Data.lognormal(random, 4000, 100, 0.5, 1.0);
      double[] canary = Data.lognormal(random, 2000, 100, 0.5, 1.0);

      MetricJudgement j = Data.single(LOCATION, Data.latencies(baseline), Data.latencies(canary));

      assertThat(j.verdict()).as("seed %d: %s", seed, j.reason()).isEqualTo(Verdict.PASS);
      assertThat(j.upper()).as("seed %d", seed).isLessThan(j.threshold());
      assertThat(j.reason()).as("seed %d", seed).contains("safely within the allowed rise of");
    }
  }

  @Test
  void aSmallShiftBelowTheMinimumEffectDoesNotFailEvenWithLotsOfData() {
    Random random = new Random(4);
    double[] baseline = Data.lognormal(random, 20_000, 100, 0.5, 1.0);
    double[] canary = Data.lognormal(random, 20_000, 100, 0.5, 1.03);

    MetricJudgement j = Data.single(LOCATION, Data.latencies(baseline), Data.latencies(canary));

    assertThat(j.verdict()).as("seed 4: %s", j.reason()).isEqualTo(Verdict.PASS);
    assertThat(j.lower()).as("seed 4").isGreaterThan(0); // a real, but allowed, difference
  }

  @Test
  void tooLittleDataIsInconclusive() {
    Random random = new Random(1);
    MetricJudgement j =
        Data.single(
            LOCATION,
            Data.latencies(Data.lognormal(random, 500, 100, 0.5, 1)),
            Data.latencies(Data.lognormal(random, 12, 100, 0.5, 3)));

    assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(j.reason())
        .isEqualTo("Too little data: the canary has 12 latency samples; 50 are needed.");
    assertThat(j.canaryN()).isEqualTo(12);
    assertThat(j.lower()).isNaN();
  }

  @Test
  void smallUntiedSamplesUseTheExactNullDistribution() {
    Random random = new Random(2);
    JudgeSettings fewSamples = new JudgeSettings(0.05, 15, LOCATION.metrics(), 95, 75, 20);
    MetricJudgement j =
        Data.single(
            fewSamples,
            Data.latencies(Data.lognormal(random, 49, 100, 0.3, 1)),
            Data.latencies(Data.lognormal(random, 49, 100, 0.3, 2)));
    assertThat(j.test()).isEqualTo("Mann-Whitney U (exact null), mSPRT");
    assertThat(j.verdict()).as("seed 2: %s", j.reason()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aHeavierTailFailsTheP99EvenWhenTheMedianIsTheSame() {
    Random random = new Random(8);
    double[] baseline = Data.lognormal(random, 20_000, 100, 0.4, 1);
    double[] canary = Data.lognormal(random, 5_000, 100, 0.4, 1);
    for (int i = 0; i < canary.length; i += 25) {
      canary[i] *= 4; // 4 % of requests four times slower
    }
    JudgeSettings both =
        new JudgeSettings(
            0.05,
            5,
            List.of(
                Data.latency("latency", Double.NaN, 50, Double.NaN),
                Data.latency("latency-p99", 0.99, 50, Double.NaN)),
            95,
            75,
            50);

    StepJudgement step = new Judge(both).judge(Data.latencies(baseline), Data.latencies(canary));

    MetricJudgement p99 = step.metrics().get(1);
    assertThat(step.metrics().get(0).verdict()).isNotEqualTo(Verdict.FAIL);
    assertThat(p99.verdict()).as("seed 8: %s", p99.reason()).isEqualTo(Verdict.FAIL);
    assertThat(p99.canaryValue()).isGreaterThan(p99.baselineValue());
    assertThat(p99.reason()).startsWith("Canary's p99 latency is ");
    assertThat(p99.test()).isEqualTo("exceedance binomial, mixture martingale");
    assertThat(step.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void identicalTailsPassTheP99WithEnoughData() {
    // A p99 within 10 % needs tens of thousands of canary samples to be shown: see the docs.
    Random random = new Random(9);
    double[] baseline = Data.lognormal(random, 80_000, 100, 0.5, 1);
    double[] canary = Data.lognormal(random, 40_000, 100, 0.5, 1);

    MetricJudgement j = Data.single(P99, Data.latencies(baseline), Data.latencies(canary));

    assertThat(j.verdict()).as("seed 9: %s", j.reason()).isEqualTo(Verdict.PASS);
    assertThat(j.lower()).isLessThan(0);
    assertThat(j.upper()).isGreaterThan(0);
  }

  @Test
  void anSloLimitOnTheP99FailsWhateverTheBaseline() {
    Random random = new Random(3);
    JudgeSettings slo = Data.only(Data.latency("latency-p99", 0.99, 100, 200));
    double[] same = Data.lognormal(random, 2000, 100, 0.5, 1);

    StepJudgement step = new Judge(slo).judge(Data.latencies(same), Data.latencies(same.clone()));

    assertThat(step.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(step.metrics().get(0).reason())
        .matches(
            "The canary's p99 latency of \\d+\\.\\d ms is above the SLO limit of 200\\.0 ms"
                + " beyond doubt: \\d+\\.\\d % of its 2000 samples are above 200\\.0 ms, .*");
    assertThat(step.reason()).startsWith("Metric 'latency-p99' breaches its SLO limit");
  }

  @Test
  void lowerIsWorseValuesFailWhenTheCanaryDrops() {
    MetricSpec throughput =
        new MetricSpec(
            "items-per-page",
            MetricKind.VALUE,
            "items",
            Double.NaN,
            Direction.LOWER_IS_WORSE,
            new MinEffect(0.05, 0),
            100,
            false,
            Double.NaN);
    JudgeSettings settings = new JudgeSettings(0.05, 15, List.of(throughput), 95, 75, 50);
    Random random = new Random(6);
    double[] base = Data.lognormal(random, 2000, 40, 0.2, 1);
    double[] lower = Data.lognormal(random, 500, 40, 0.2, 0.8);

    MetricJudgement j =
        Data.single(
            settings,
            new ArmData(2000, 0, null, Map.of("items", base)),
            new ArmData(500, 0, null, Map.of("items", lower)));

    assertThat(j.verdict()).as("seed 6: %s", j.reason()).isEqualTo(Verdict.FAIL);
    assertThat(j.estimate()).isNegative();
    assertThat(j.upper()).isLessThan(j.threshold());
    assertThat(j.threshold()).isNegative();
    assertThat(j.unit()).isEmpty();
    assertThat(j.reason()).startsWith("Canary's items-per-page is lower by ");

    MetricJudgement higher =
        Data.single(
            settings,
            new ArmData(2000, 0, null, Map.of("items", base)),
            new ArmData(500, 0, null, Map.of("items", Data.lognormal(random, 500, 40, 0.2, 1.2))));
    assertThat(higher.verdict()).as("seed 6: %s", higher.reason()).isEqualTo(Verdict.PASS);
  }

  @Test
  void missingValuesAreTooLittleData() {
    MetricSpec value =
        new MetricSpec(
            "cart-total",
            MetricKind.VALUE,
            "cart",
            Double.NaN,
            Direction.HIGHER_IS_WORSE,
            new MinEffect(0.1, 0),
            100,
            false,
            Double.NaN);
    JudgeSettings settings = new JudgeSettings(0.05, 1, List.of(value), 95, 75, 50);
    MetricJudgement j = Data.single(settings, Data.counts(100, 0), Data.counts(100, 0));
    assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(j.reason())
        .isEqualTo(
            "Too little data: the baseline has 0 samples of 'cart' and the canary 0; 50 are needed in each.");
  }

  @Test
  void judgingIsFastAndDeterministicForTwentyThousandSamplesPerArm() {
    Random random = new Random(10);
    ArmData baseline = new ArmData(20_000, 200, Data.lognormal(random, 20_000, 100, 0.8, 1), null);
    ArmData canary = new ArmData(20_000, 210, Data.lognormal(random, 20_000, 100, 0.8, 1), null);
    Judge judge = new Judge(JudgeSettings.defaults(5));
    StepJudgement first = judge.judge(baseline, canary);
    for (int i = 0; i < 5; i++) {
      judge.judge(baseline, canary); // warm up
    }
    long start = System.nanoTime();
    int calls = 10;
    for (int i = 0; i < calls; i++) {
      assertThat(judge.judge(baseline, canary)).isEqualTo(first);
    }
    double millis = (System.nanoTime() - start) / 1e6 / calls;
    // About 7 ms on a laptop core; the bound only catches an O(n1 * n2) regression (seconds).
    assertThat(millis).as("ms per judgement").isLessThan(250);
  }
}
