package dev.spotter.canary.judge;

import java.util.Arrays;

/** Helpers on samples: finite sorted copies, quantiles, counts. */
final class Samples {
  private Samples() {}

  /** The finite values of {@code raw}, sorted ascending, times {@code sign} (1 or -1). */
  static double[] sortedFinite(double[] raw, int sign) {
    double[] out = new double[raw.length];
    int n = 0;
    for (double x : raw) {
      if (Double.isFinite(x)) {
        out[n++] = sign * x;
      }
    }
    out = n == raw.length ? out : Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  /** The q-quantile of a sorted sample, interpolated between order statistics (R's type 7). */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static double median(double[] sorted) {
    return quantile(sorted, 0.5);
  }

  /** How many values of a sorted sample are greater than t. */
  static long countAbove(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return sorted.length - lo;
  }
}
