package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SLO guard looked at again and again on growing data: a canary truly inside its limit is
 * failed at most alpha of the time, one clearly beyond it is failed. One judged step, so the whole
 * run's alpha (0.05) is split only between the comparison and the guard: the guard gets 0.025.
 */
class SloGuardTest {
  private static final int RUNS = 200;
  private static final double ALPHA = 0.05;

  @Test
  void aP99InsideItsLimitIsRarelyFailedUnderRepeatedLooks() {
    // lognormal, median 100 ms, sigma 0.5: the true p99 is 320 ms, the limit 400 ms
    List<String> failed = p99Runs(1.0, 400, 100);
    assertThat(failed).as("runs failed on the SLO").hasSizeLessThanOrEqualTo((int) (ALPHA * RUNS));
  }

  @Test
  void aP99ClearlyBeyondItsLimitIsFailed() {
    // median 187.5 ms: the true p99 is 600 ms against the limit of 400 ms
    List<String> failed = p99Runs(1.875, 400, 200);
    assertThat(failed).as("runs failed on the SLO").hasSizeGreaterThanOrEqualTo(RUNS * 95 / 100);
    assertThat(failed.get(0)).contains("is above the SLO limit of 400.0 ms beyond doubt");
  }

  @Test
  void anErrorRateInsideItsLimitIsRarelyFailedUnderRepeatedLooks() {
    List<String> failed = errorRateRuns(0.01, 0.02, 300);
    assertThat(failed).as("runs failed on the SLO").hasSizeLessThanOrEqualTo((int) (ALPHA * RUNS));
  }

  @Test
  void anErrorRateClearlyBeyondItsLimitIsFailed() {
    List<String> failed = errorRateRuns(0.05, 0.02, 400);
    assertThat(failed).as("runs failed on the SLO").hasSizeGreaterThanOrEqualTo(RUNS * 95 / 100);
    assertThat(failed.get(0)).contains("above the SLO limit of 2.00 % beyond doubt");
  }

  @Test
  void anArmExactlyAtItsLimitsIsFailedNoMoreOftenThanTheGuardsShareOfAlpha() {
    // the hardest honest case: the true p99 is the limit (median 125 ms: p99 400 ms), the true
    // error rate is the limit; the guard's share of alpha (0.025) bounds how often it fails
    int allowed = (int) (ALPHA / 2 * RUNS);
    assertThat(p99Runs(1.25, 400, 300)).as("p99 at its limit").hasSizeLessThanOrEqualTo(allowed);
    assertThat(errorRateRuns(0.02, 0.02, 500))
        .as("error rate at its limit")
        .hasSizeLessThanOrEqualTo(allowed);
  }

  @Test
  void aPointValueBeyondTheLimitThatIsNotYetBeyondDoubtKeepsTheMetricFromPassing() {
    // 3 errors in 100 requests against a limit of 2 %: above it, far from proof
    JudgeSettings settings =
        new JudgeSettings(ALPHA, 1, List.of(Data.errorRate(10, 0.5, 0.02)), 95, 75, 50);
    MetricJudgement j = Data.single(settings, Data.counts(100, 3), Data.counts(100, 3));
    assertThat(j.verdict()).as(j.reason()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(j.reason())
        .endsWith(
            "but its error rate of 3.00 % is above the SLO limit of 2.00 %, though not yet beyond"
                + " doubt (anytime p = 1.00), so it cannot pass yet.");
  }

  @Test
  void aBreachThatAlsoFailsTheComparisonTellsBoth() {
    JudgeSettings settings =
        new JudgeSettings(
            ALPHA, 1, List.of(Data.latency("latency-p99", 0.99, 100, 400)), 95, 75, 50);
    Random random = new Random(42);
    double[] baseline = Samples.sortedFinite(Data.lognormal(random, 2000, 100, 0.5, 1), 1);
    double[] canary = Samples.sortedFinite(Data.lognormal(random, 2000, 100, 0.5, 3), 1);
    Outcome o =
        QuantileTest.judge(settings.metrics().get(0), baseline, canary, TestContext.of(settings));
    assertThat(o.sloBreach()).as("seed 42: %s", o.judgement().reason()).isTrue();
    assertThat(o.judgement().reason())
        .contains("above the SLO limit of 400.0 ms beyond doubt")
        .contains("The comparison with the baseline failed too: ");
  }

  @Test
  void anSloLimitCountsAsOneMoreTestInTheAlphaSplit() {
    JudgeSettings none =
        new JudgeSettings(ALPHA, 5, List.of(Data.errorRate(0.5, 0.01, Double.NaN)), 95, 75, 50);
    JudgeSettings one =
        new JudgeSettings(ALPHA, 5, List.of(Data.errorRate(0.5, 0.01, 0.02)), 95, 75, 50);
    assertThat(none.alphaPerTest()).isEqualTo(ALPHA / 5);
    assertThat(one.alphaPerTest()).isEqualTo(ALPHA / 10);
  }

  /** The reasons of the runs failed on the SLO (one per run), looking every 10 samples. */
  private static List<String> p99Runs(double factor, double limit, long seedBase) {
    JudgeSettings settings =
        new JudgeSettings(
            ALPHA, 1, List.of(Data.latency("latency-p99", 0.99, 100, limit)), 95, 75, 50);
    TestContext ctx = TestContext.of(settings);
    MetricSpec spec = settings.metrics().get(0);
    List<String> failed = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      long seed = seedBase + run;
      Random random = new Random(seed);
      double[] baseline = Samples.sortedFinite(Data.lognormal(random, 1000, 100, 0.5, 1), 1);
      double[] canary = Data.lognormal(random, 1000, 100, 0.5, factor);
      for (int n = 50; n <= 1000; n += 10) {
        double[] c = Samples.sortedFinite(Arrays.copyOf(canary, n), 1);
        Outcome o = QuantileTest.judge(spec, Arrays.copyOf(baseline, n), c, ctx);
        if (o.sloBreach()) {
          failed.add("seed " + seed + ", look at " + n + ": " + o.judgement().reason());
          break;
        }
      }
    }
    return failed;
  }

  private static List<String> errorRateRuns(double rate, double limit, long seedBase) {
    JudgeSettings settings =
        new JudgeSettings(ALPHA, 1, List.of(Data.errorRate(0.5, 0.01, limit)), 95, 75, 50);
    TestContext ctx = TestContext.of(settings);
    MetricSpec spec = settings.metrics().get(0);
    List<String> failed = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      long seed = seedBase + run;
      Random random = new Random(seed);
      long errors = 0;
      for (int n = 1; n <= 1000; n++) {
        errors += random.nextDouble() < rate ? 1 : 0;
        if (n >= 50 && n % 10 == 0) {
          Outcome o =
              ErrorRateTest.judge(spec, Data.counts(n, errors), Data.counts(n, errors), ctx);
          if (o.sloBreach()) {
            failed.add("seed " + seed + ", look at " + n + ": " + o.judgement().reason());
            break;
          }
        }
      }
    }
    return failed;
  }
}
