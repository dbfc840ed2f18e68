package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorRateJudgementTest {
  private static final JudgeSettings DEFAULT_EFFECT =
      Data.only(Data.errorRate(0.5, 0.01, Double.NaN));

  @Test
  void zeroErrorsInBothArmsAreJudgedWithoutDividingByZero() {
    MetricJudgement few = Data.single(DEFAULT_EFFECT, Data.counts(60, 0), Data.counts(60, 0));
    assertThat(few.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(few.pValue()).isEqualTo(1);
    assertThat(few.lower()).isFinite();
    assertThat(few.upper()).isFinite();

    MetricJudgement many = Data.single(DEFAULT_EFFECT, Data.counts(5000, 0), Data.counts(5000, 0));
    assertThat(many.verdict()).isEqualTo(Verdict.PASS);
    assertThat(many.estimate()).isZero();
    assertThat(many.reason()).contains("safely within");
  }

  @Test
  void fiveCanaryErrorsAgainstNoneInTheBaselineCanFail() {
    MetricJudgement j = Data.single(DEFAULT_EFFECT, Data.counts(10_000, 0), Data.counts(50, 5));

    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(j.canaryValue()).isEqualTo(0.1);
    assertThat(j.threshold()).isEqualTo(0.01);
    assertThat(j.lower()).isGreaterThan(0.01);
    assertThat(j.reason())
        .startsWith("Canary's error rate is 10.00 % against the baseline's 0.00 %");
  }

  @Test
  void twoPointsMoreErrorsFail() {
    // Baseline 0.5 %, canary 2.5 %, a few thousand requests per arm.
    MetricJudgement j = Data.single(DEFAULT_EFFECT, Data.counts(5000, 25), Data.counts(5000, 125));

    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(j.estimate()).isEqualTo(0.02, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(j.pValue()).isLessThanOrEqualTo(0.05);
    assertThat(j.test()).isEqualTo("conditional binomial (Poisson rates), mixture martingale");
    assertThat(j.unit()).isEqualTo("ratio");
    assertThat(j.reason()).contains("more than the allowed max(50 % of 0.50 %, 1.00 point)");
  }

  @Test
  void aSmallDifferenceBelowTheMinimumEffectNeverFailsHoweverLarge() {
    // +0.2 points on 1 %: significant with a million requests, but below the 1-point minimum.
    MetricJudgement j =
        Data.single(DEFAULT_EFFECT, Data.counts(1_000_000, 10_000), Data.counts(1_000_000, 12_000));
    assertThat(j.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void identicalRatesDoNotFail() {
    for (long seed = 1; seed <= 30; seed++) {
      Random random = new Random(seed);
      long nb = 2000 + random.nextInt(20_000);
      long nc = 200 + random.nextInt(5_000);
      MetricJudgement j =
          Data.single(
              DEFAULT_EFFECT,
              Data.counts(nb, binomial(random, nb, 0.01)),
              Data.counts(nc, binomial(random, nc, 0.01)));
      assertThat(j.verdict()).as("seed %d", seed).isNotEqualTo(Verdict.FAIL);
    }
  }

  @Test
  void aRiseTooSmallInRelativeTermsIsNotAFailure() {
    // 30 % against 20 %: 10 points more, but only 1.5 times: not more than 50 % worse.
    MetricJudgement j =
        Data.single(DEFAULT_EFFECT, Data.counts(20_000, 4000), Data.counts(20_000, 6000));
    assertThat(j.verdict()).isNotEqualTo(Verdict.FAIL);
  }

  @Test
  void tooFewRequestsAreInconclusive() {
    MetricJudgement j = Data.single(DEFAULT_EFFECT, Data.counts(5000, 0), Data.counts(12, 12));
    assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(j.reason())
        .isEqualTo("Too little data: the canary served 12 requests; 50 are needed.");
  }

  @Test
  void anSloBreachFailsWhateverTheBaseline() {
    JudgeSettings slo = Data.only(Data.errorRate(0.5, 0.01, 0.02));
    MetricJudgement j = Data.single(slo, Data.counts(2000, 100), Data.counts(2000, 100));
    assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(j.reason())
        .startsWith(
            "The canary's error rate of 5.00 % is above the SLO limit of 2.00 % beyond doubt: 100"
                + " errors in 2000 requests are too many for a rate within the limit (anytime p =");
  }

  private static long binomial(Random random, long n, double p) {
    long x = 0;
    for (long i = 0; i < n; i++) {
      x += random.nextDouble() < p ? 1 : 0;
    }
    return x;
  }
}
