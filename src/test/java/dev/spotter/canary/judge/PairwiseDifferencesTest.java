package dev.spotter.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairwiseDifferencesTest {
  @Test
  void everyOrderStatisticMatchesTheSortedDifferences() {
    for (long seed = 1; seed <= 60; seed++) {
      Random random = new Random(seed);
      double[] c = sample(random, 1 + random.nextInt(300), seed % 3 == 0);
      double[] b = sample(random, 1 + random.nextInt(300), seed % 3 == 0);
      double[] all = brute(c, b);
      PairwiseDifferences d = new PairwiseDifferences(c, b);
      for (int t = 0; t < 40; t++) {
        long k = 1 + random.nextInt(all.length);
        assertThat(d.kth(k)).as("seed %d, k %d", seed, k).isEqualTo(all[(int) k - 1]);
      }
      double median =
          all.length % 2 == 1
              ? all[all.length / 2]
              : 0.5 * all[all.length / 2 - 1] + 0.5 * all[all.length / 2];
      assertThat(d.median()).as("seed %d", seed).isEqualTo(median);
    }
  }

  @Test
  void findsOrderStatisticsAmongManyTiesAndHeavyTails() {
    Random random = new Random(7);
    double[] c = new double[3000];
    double[] b = new double[2000];
    for (int i = 0; i < c.length; i++) {
      c[i] = random.nextDouble() < 0.9 ? 5 : Math.pow(1 / (1 - random.nextDouble()), 2);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextDouble() < 0.9 ? 5 : 1e6 * random.nextDouble();
    }
    Arrays.sort(c);
    Arrays.sort(b);
    double[] all = brute(c, b);
    PairwiseDifferences d = new PairwiseDifferences(c, b);
    for (long k : new long[] {1, 2, 1000, all.length / 3, all.length / 2, all.length - 1}) {
      assertThat(d.kth(k)).as("k %d", k).isEqualTo(all[(int) k - 1]);
    }
  }

  @Test
  void uCountsPairsAboveAndHalfTheTies() {
    double[] c = {1, 2, 3, 4};
    double[] b = {1, 3, 5};
    PairwiseDifferences d = new PairwiseDifferences(c, b);
    // c - 1 = {0, 1, 2, 3} over b = {1, 3, 5}: pairs above 2 (2>1, 3>1), ties 2 (1=1, 3=3).
    assertThat(d.uAt(1)).isEqualTo(2 + 0.5 * 2);
    assertThat(d.uAt(0)).isEqualTo(MannWhitney.test(c, b).u());
  }

  private static double[] sample(Random random, int n, boolean ties) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = ties ? random.nextInt(10) : Math.exp(2 * random.nextGaussian());
    }
    Arrays.sort(x);
    return x;
  }

  private static double[] brute(double[] c, double[] b) {
    double[] all = new double[c.length * b.length];
    int n = 0;
    for (double cj : c) {
      for (double bi : b) {
        all[n++] = cj - bi;
      }
    }
    Arrays.sort(all);
    return all;
  }
}
