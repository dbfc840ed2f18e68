package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spotter.stats.BetaMixture;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two martingale boundaries every test rests on. */
class SequentialBoundariesTest {
  @Test
  void normalMixtureIsWiderThanTheFixedSampleZAndGrowsOnlySlowly() {
    NormalMixture mixture = new NormalMixture(0.05 / 15);
    double fixed = Normal.upperQuantile(0.05 / 15);
    assertThat(fixed).isCloseTo(2.713, within(1e-3));
    for (double v : new double[] {10, 100, 1000, 1e4, 1e5, 1e6}) {
      assertThat(mixture.critical(v)).as("v %s", v).isGreaterThan(fixed);
    }
    assertThat(mixture.critical(1e6)).isLessThan(5);
    // The p-value at the critical z is the level.
    assertThat(mixture.pValue(mixture.critical(500), 500)).isCloseTo(0.05 / 15, within(1e-9));
    assertThat(mixture.pValue(-1, 500)).isEqualTo(1);
  }

  @Test
  void normalMixtureKeepsItsLevelOverThousandsOfLooksAtARandomWalk() {
    // A Gaussian random walk looked at after every step: Ville's inequality bounds the chance it
    // ever crosses; the fixed-sample z would cross far more often than alpha.
    double alpha = 0.05;
    NormalMixture mixture = new NormalMixture(alpha);
    double fixed = Normal.upperQuantile(alpha);
    int runs = 1000;
    int looks = 2000;
    double[] critical = new double[looks + 1];
    for (int t = 1; t <= looks; t++) {
      critical[t] = mixture.critical(t);
    }
    int crossed = 0;
    int crossedFixed = 0;
    Random random = new Random(11);
    for (int r = 0; r < runs; r++) {
      double s = 0;
      boolean hit = false;
      boolean hitFixed = false;
      for (int t = 1; t <= looks; t++) {
        s += random.nextGaussian();
        double z = s / Math.sqrt(t);
        hit |= z >= critical[t];
        hitFixed |= z >= fixed;
      }
      crossed += hit ? 1 : 0;
      crossedFixed += hitFixed ? 1 : 0;
    }
    assertThat(crossed).as("seed 11").isLessThanOrEqualTo((int) (alpha * runs));
    assertThat(crossedFixed).as("seed 11").isGreaterThan(3 * (int) (alpha * runs));
  }

  @Test
  void betaMixtureKeepsItsLevelUnderRepeatedLooks() {
    double alpha = 0.05;
    double logLimit = Math.log(1 / alpha);
    for (double p0 : new double[] {0.01, 0.3, 0.9}) {
      Random random = new Random(5);
      int runs = 200;
      int rejected = 0;
      for (int r = 0; r < runs; r++) {
        long x = 0;
        for (int n = 1; n <= 3000; n++) {
          x += random.nextDouble() < p0 ? 1 : 0;
          if (n % 50 == 0 && BetaMixture.logEvidence(x, n, p0) >= logLimit) {
            rejected++;
            break;
          }
        }
      }
      assertThat(rejected).as("p0 %s, seed 5", p0).isLessThanOrEqualTo((int) (alpha * runs));
    }
  }

  @Test
  void betaMixtureFindsAClearExcessAndHandlesZeros() {
    assertThat(BetaMixture.logEvidence(0, 0, 0.4)).isCloseTo(0, within(1e-12));
    assertThat(BetaMixture.logEvidence(0, 1000, 0.01)).isLessThan(0);
    assertThat(BetaMixture.logEvidence(40, 1000, 0.01)).isGreaterThan(Math.log(1000));
    long first = BetaMixture.smallestRejecting(1000, 0.01, Math.log(100));
    assertThat(BetaMixture.logEvidence(first, 1000, 0.01)).isGreaterThanOrEqualTo(Math.log(100));
    assertThat(BetaMixture.logEvidence(first - 1, 1000, 0.01)).isLessThan(Math.log(100));
  }

  @Test
  void quantileBoundsHoldTheTrueQuantile() {
    // Uniform samples: the true 0.9-quantile is 0.9.
    Random random = new Random(3);
    int misses = 0;
    for (int r = 0; r < 200; r++) {
      double[] x = new double[2000];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextDouble();
      }
      java.util.Arrays.sort(x);
      double up = QuantileTest.upperBound(x, 0.9, Math.log(20));
      double low = QuantileTest.lowerBound(x, 0.9, Math.log(20));
      assertThat(low).isLessThan(up);
      misses += up < 0.9 || low > 0.9 ? 1 : 0;
    }
    assertThat(misses).as("seed 3").isLessThanOrEqualTo(20);
  }
}
