package dev.spotter.stats;

import org.apache.commons.math3.special.Beta;

/**
 * An exact anytime-valid test of "the success probability is at most p0" from x successes in n
 * Bernoulli trials.
 *
 * <p>The likelihood ratios {@code (p/p0)^x ((1-p)/(1-p0))^(n-x)} for {@code p >= p0} are
 * supermartingales whenever the true probability is at most p0; so is their average over a prior on
 * {@code [p0, 1]}, and by Ville's inequality that average ever reaches {@code 1/alpha} with
 * probability at most alpha, whatever the number of looks. The prior is a Beta with mean p0 whose
 * smaller parameter is 1 (uniform when p0 = 1/2), truncated to {@code [p0, 1]}: it puts its mass on
 * alternatives of p0's own scale, which keeps the test sharp for rare events such as the 1 % of
 * requests beyond a p99. The mixture has a closed form in incomplete beta functions.
 */
public final class BetaMixture {
  private BetaMixture() {}

  /** log of the mixture likelihood ratio against "probability <= p0", for p0 in (0, 1). */
  public static double logEvidence(long x, long n, double p0) {
    if (x < 0 || x > n) {
      throw new IllegalArgumentException("need 0 <= x <= n, not x " + x + " and n " + n);
    }
    double a = p0 <= 0.5 ? 1 : p0 / (1 - p0);
    double b = p0 <= 0.5 ? (1 - p0) / p0 : 1;
    double posterior = Beta.logBeta(x + a, n - x + b) + logMassAbove(p0, x + a, n - x + b);
    double prior = Beta.logBeta(a, b) + logMassAbove(p0, a, b);
    double atNull = x * Math.log(p0) + (n - x) * Math.log1p(-p0);
    return posterior - prior - atNull;
  }

  /**
   * The smallest x in [0, n] whose evidence reaches {@code logLimit}, or n + 1 when none does. The
   * evidence grows with x, so this is a binary search.
   */
  public static long smallestRejecting(long n, double p0, double logLimit) {
    if (logEvidence(n, n, p0) < logLimit) {
      return n + 1;
    }
    long lo = -1; // evidence below the limit (virtually)
    long hi = n; // evidence at or above the limit
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (logEvidence(mid, n, p0) >= logLimit) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** log P(Beta(a, b) > p0), computed as the lower tail of the mirrored Beta(b, a) for accuracy. */
  private static double logMassAbove(double p0, double a, double b) {
    return Math.log(Beta.regularizedBeta(1 - p0, b, a));
  }
}
