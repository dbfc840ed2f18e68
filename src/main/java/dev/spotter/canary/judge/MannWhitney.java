package dev.spotter.canary.judge;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) as R's {@code wilcox.test} computes it: midranks for
 * ties, the tie-corrected variance, the exact null distribution when both samples have fewer than
 * 50 values and there are no ties, the normal approximation with continuity correction otherwise.
 *
 * <p>The judge uses these pieces inside its sequential test; the fixed-sample p-values here are
 * what a reader can check against R or a textbook. commons-math's {@code MannWhitneyUTest} returns
 * max(U1, U2) without the direction, ignores ties in the variance and has no exact distribution, so
 * U is computed here from sorted samples (it equals the midrank formula; a test checks both).
 */
final class MannWhitney {
  /** R's limit: the exact distribution is used when both samples are smaller than this. */
  static final int EXACT_BELOW = 50;

  private MannWhitney() {}

  /**
   * A fixed-sample test of x against y.
   *
   * @param u U of x over y: #{x > y} + #{x == y} / 2 (R's W for {@code wilcox.test(x, y)})
   * @param tieSum the sum of t^3 - t over groups of t tied values in the pooled sample
   * @param exact whether the p-values come from the exact null distribution
   */
  record Result(
      double u, double tieSum, boolean exact, double pGreater, double pLess, double pTwoSided) {}

  static Result test(double[] x, double[] y) {
    double[] xs = x.clone();
    double[] ys = y.clone();
    Arrays.sort(xs);
    Arrays.sort(ys);
    int m = xs.length;
    int n = ys.length;
    double u = new PairwiseDifferences(xs, ys).uAt(0);
    double ties = tieSum(xs, ys);
    if (m < EXACT_BELOW && n < EXACT_BELOW && ties == 0) {
      double[] counts = exactCounts(m, n);
      double greater = upperTail(counts, (long) Math.ceil(u));
      double less = upperTail(counts, (long) Math.ceil((double) m * n - u));
      return new Result(u, ties, true, greater, less, Math.min(1, 2 * Math.min(greater, less)));
    }
    double sigma = sigma(m, n, ties);
    double d = u - (double) m * n / 2;
    double greater = Normal.upperTail((d - 0.5) / sigma);
    double less = 1 - Normal.upperTail((d + 0.5) / sigma);
    double cc = Math.signum(d) * 0.5;
    double z = (d - cc) / sigma;
    double two = 2 * Math.min(Normal.upperTail(z), 1 - Normal.upperTail(z));
    return new Result(u, ties, false, greater, less, Math.min(1, two));
  }

  /** The standard deviation of U under the null, corrected for ties. */
  static double sigma(long m, long n, double tieSum) {
    double total = m + n;
    double variance = m * (double) n / 12 * ((total + 1) - tieSum / (total * (total - 1)));
    return Math.sqrt(Math.max(variance, 0));
  }

  /** Sum of t^3 - t over runs of equal values in the pooled sample of two sorted arrays. */
  static double tieSum(double[] xs, double[] ys) {
    double sum = 0;
    int i = 0;
    int j = 0;
    while (i < xs.length || j < ys.length) {
      double v = j >= ys.length || (i < xs.length && xs[i] <= ys[j]) ? xs[i] : ys[j];
      long t = 0;
      while (i < xs.length && xs[i] == v) {
        i++;
        t++;
      }
      while (j < ys.length && ys[j] == v) {
        j++;
        t++;
      }
      sum += (double) t * t * t - t;
    }
    return sum;
  }

  /**
   * How many of the C(m + n, m) orderings of m x's and n y's give each U = #{x > y}, 0 .. m*n.
   * Recursion on the largest value: it is an x (adding n to U) or a y (adding nothing), so f(i, j,
   * u) = f(i - 1, j, u - j) + f(i, j - 1, u). Counts stay below C(98, 49) ~ 2.5e28, exact enough in
   * doubles since every step adds positive numbers.
   */
  static double[] exactCounts(int m, int n) {
    double[][] f = new double[m + 1][];
    for (int i = 0; i <= m; i++) {
      f[i] = new double[i * n + 1];
      f[i][0] = 1; // j = 0: one ordering, U = 0
    }
    for (int j = 1; j <= n; j++) {
      for (int i = 1; i <= m; i++) {
        // f[i] holds f(i, j - 1, .); f[i - 1] already holds f(i - 1, j, .)
        double[] prev = f[i - 1];
        double[] cur = f[i];
        int top = (i - 1) * j;
        for (int u = 0; u <= top; u++) {
          cur[u + j] += prev[u];
        }
      }
    }
    return f[m];
  }

  /** P(U >= u) for every u in 0 .. m*n + 1 (the last is 0), from exact counts. */
  static double[] upperTails(double[] counts) {
    double[] tails = new double[counts.length + 1];
    double sum = 0;
    for (int k = counts.length - 1; k >= 0; k--) {
      sum += counts[k];
      tails[k] = sum;
    }
    for (int k = 0; k < counts.length; k++) {
      tails[k] /= sum;
    }
    return tails;
  }

  /** P(U >= u) from exact counts. */
  static double upperTail(double[] counts, long u) {
    double all = 0;
    double tail = 0;
    for (int k = counts.length - 1; k >= 0; k--) {
      all += counts[k];
      if (k >= u) {
        tail += counts[k];
      }
    }
    return tail / all;
  }
}
