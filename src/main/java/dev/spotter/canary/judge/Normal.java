package dev.spotter.canary.judge;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution's tails, accurate far out (where 1 - cdf would round to 0). */
final class Normal {
  private static final double SQRT2 = Math.sqrt(2);

  private Normal() {}

  /** P(Z > z). */
  static double upperTail(double z) {
    return 0.5 * Erf.erfc(z / SQRT2);
  }

  /** log P(Z <= w); -infinity far below the mean. */
  static double logCdf(double w) {
    return Math.log(upperTail(-w));
  }

  /** The z with P(Z > z) = p, for p in (0, 1); found by bisection so tiny p stay accurate. */
  static double upperQuantile(double p) {
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
      double mid = 0.5 * (lo + hi);
      if (upperTail(mid) > p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }
}
