package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

/** The rank test and the Hodges-Lehmann estimate against published values and brute force. */
class MannWhitneyReferenceTest {
  // Hollander and Wolfe (1973), Nonparametric Statistical Methods, pp. 27-29 and 69f: permeability
  // of the human chorioamnion at term (x) and at 12 to 26 weeks (y); the example of R's
  // ?wilcox.test, where wilcox.test(x, y, alternative = "greater") gives W = 35, p = 0.1272.
  private static final double[] TERM = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  private static final double[] EARLY = {1.15, 0.88, 0.90, 0.74, 1.21};

  @Test
  void exactOneSidedPValueMatchesHollanderAndWolfe() {
    MannWhitney.Result r = MannWhitney.test(TERM, EARLY);

    assertThat(r.u()).isEqualTo(35);
    assertThat(r.exact()).isTrue();
    assertThat(r.pGreater()).isCloseTo(0.12720612, within(1e-8));
  }

  @Test
  void tiedSamplesUseTheTieCorrectedNormalApproximationWithContinuityCorrection() {
    // R's output for wilcox.test(x, y) on these samples, as printed on endmemo.com's wilcox.test
    // page ("Wilcoxon rank sum test with continuity correction ... W = 51.5, p-value = 0.5966",
    // with the warning that the exact p-value cannot be computed with ties).
    double[] x = {1, 5, 9, 24, 56, 21, 3, 7, 21, 4};
    double[] y = {12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5};

    MannWhitney.Result r = MannWhitney.test(x, y);

    assertThat(r.u()).isEqualTo(51.5);
    assertThat(r.exact()).isFalse();
    assertThat(r.tieSum()).isGreaterThan(0);
    assertThat(r.pTwoSided()).isCloseTo(0.5966, within(5e-5));
  }

  @Test
  void largeSamplesUseTheNormalApproximationAsRDoes() {
    // Hollander and Wolfe's large-sample version of the same example: R's
    // wilcox.test(x, y, "greater", exact = FALSE, correct = FALSE) gives z = 10 / sqrt(200 / 3),
    // p = 0.1103; with the continuity correction R applies by default, z = 9.5 / sqrt(200 / 3).
    double sigma = MannWhitney.sigma(10, 5, 0);
    assertThat(sigma).isCloseTo(Math.sqrt(200.0 / 3), within(1e-12));
    assertThat(Normal.upperTail(10 / sigma)).isCloseTo(0.1103357, within(1e-6));

    double[] x = new double[60];
    double[] y = new double[60];
    for (int i = 0; i < 60; i++) {
      x[i] = i + 0.5;
      y[i] = i;
    }
    MannWhitney.Result r = MannWhitney.test(x, y);
    assertThat(r.exact()).isFalse();
    double d = r.u() - 1800;
    assertThat(r.pGreater())
        .isCloseTo(Normal.upperTail((d - 0.5) / MannWhitney.sigma(60, 60, 0)), within(1e-15));
  }

  @Test
  void hodgesLehmannEstimateMatchesTheMedianOfPairwiseDifferences() {
    // R's wilcox.test(x, y, conf.int = TRUE) on the Hollander and Wolfe data: difference in
    // location 0.305 (the exact case takes the median of the 50 pairwise differences).
    PairwiseDifferences d = new PairwiseDifferences(sorted(TERM), sorted(EARLY));
    assertThat(d.median()).isCloseTo(0.305, within(1e-12));

    // With ties: Hollander and Wolfe's chicken example as worked in the PHUSE CAMIS comparison of
    // R's wilcox.test (psiaims.github.io/CAMIS, "R/nparestimate"); R reports 0.5600562 because
    // with ties it solves the normal-approximated statistic for zero instead of taking the median.
    double[] x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    double[] y = {0.878, 0.647, 0.598, 2.050, 1.060, 1.290, 1.060, 3.140, 1.290};
    double hl = new PairwiseDifferences(sorted(x), sorted(y)).median();
    assertThat(hl).isCloseTo(0.56, within(1e-12));
    assertThat(hl).isCloseTo(0.5600562, within(1e-4));
  }

  @Test
  void uAgreesWithCommonsMathAndTheMidrankFormula() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      double[] x = new double[5 + random.nextInt(60)];
      double[] y = new double[5 + random.nextInt(60)];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(20); // many ties
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = random.nextInt(20);
      }
      double u = MannWhitney.test(x, y).u();
      double max = new MannWhitneyUTest().mannWhitneyU(x, y);
      assertThat(Math.max(u, (double) x.length * y.length - u)).as("seed %d", seed).isEqualTo(max);
      assertThat(u).as("seed %d", seed).isEqualTo(midrankU(x, y));
    }
  }

  @Test
  void exactNullDistributionMatchesEnumeration() {
    int m = 4;
    int n = 5;
    double[] counts = MannWhitney.exactCounts(m, n);
    double[] enumerated = new double[m * n + 1];
    // Every choice of which of the m + n ranks are x's, as a bit mask.
    for (int mask = 0; mask < 1 << (m + n); mask++) {
      if (Integer.bitCount(mask) != m) {
        continue;
      }
      int u = 0;
      int ysBelow = 0;
      for (int rank = 0; rank < m + n; rank++) {
        if ((mask >> rank & 1) == 1) {
          u += ysBelow;
        } else {
          ysBelow++;
        }
      }
      enumerated[u]++;
    }
    assertThat(counts).containsExactly(enumerated);
    assertThat(Arrays.stream(MannWhitney.exactCounts(49, 49)).sum())
        .isCloseTo(CombinatoricsUtils.binomialCoefficientDouble(98, 49), within(1e15));
  }

  private static double[] sorted(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s;
  }

  /** U from the rank-sum with midranks: R1 - m (m + 1) / 2. */
  private static double midrankU(double[] x, double[] y) {
    double rankSum = 0;
    for (double xi : x) {
      double below = 0;
      double equal = 0;
      for (double v : x) {
        below += v < xi ? 1 : 0;
        equal += v == xi ? 1 : 0;
      }
      for (double v : y) {
        below += v < xi ? 1 : 0;
        equal += v == xi ? 1 : 0;
      }
      rankSum += below + (equal + 1) / 2;
    }
    return rankSum - x.length * (x.length + 1) / 2.0;
  }
}
