package dev.spotter.canary.judge;

/**
 * The one-sided normal-mixture boundary that makes an asymptotically normal statistic safe to look
 * at any number of times (Robbins 1970; the mSPRT of Johari, Pekelis and Walsh 2017; the one-sided
 * boundary of Howard, Ramdas, McAuliffe and Sekhon 2021).
 *
 * <p>A z-statistic computed from {@code v} effective samples is read as a Brownian motion {@code S
 * = z * sqrt(v)} in intrinsic time {@code v}. Mixing the likelihood ratios {@code exp(lambda S -
 * lambda^2 v / 2)} over a half-normal prior on {@code lambda >= 0} with precision {@code rho} gives
 * the martingale {@code M = 2 sqrt(rho / (v + rho)) exp(S^2 / (2 (v + rho))) Phi(S / sqrt(v +
 * rho))}; by Ville's inequality it ever exceeds {@code 1 / alpha} with probability at most alpha.
 * The critical z is where M reaches {@code 1 / alpha}; it replaces the fixed-sample z and grows
 * slowly (like sqrt(log v)) with the data. {@code rho} only tunes where the boundary is tightest;
 * it is chosen once to make it tightest at {@link #DESIGN_SAMPLES} effective samples.
 */
final class NormalMixture {
  /** The effective sample size at which the boundary is made tightest. */
  static final double DESIGN_SAMPLES = 500;

  private final double alpha;
  private final double logLimit;
  private final double rho;

  NormalMixture(double alpha) {
    this.alpha = alpha;
    this.logLimit = Math.log(1 / alpha);
    this.rho = tightestRho(alpha, DESIGN_SAMPLES);
  }

  double alpha() {
    return alpha;
  }

  double rho() {
    return rho;
  }

  /** The critical z after {@code v} effective samples (v > 0). */
  double critical(double v) {
    return critical(v, rho, logLimit);
  }

  /** The always-valid p-value, min(1, 1/M), of a z-statistic after {@code v} effective samples. */
  double pValue(double z, double v) {
    if (!(z > 0)) {
      return 1; // M < 1 for z <= 0 (and NaN carries no evidence)
    }
    if (z == Double.POSITIVE_INFINITY) {
      return 0;
    }
    return Math.min(1, Math.exp(-logEvidence(z * Math.sqrt(v), v, rho)));
  }

  /** log M for the sum S after intrinsic time v. */
  static double logEvidence(double s, double v, double rho) {
    double w = s / Math.sqrt(v + rho);
    return Math.log(2) + 0.5 * Math.log(rho / (v + rho)) + 0.5 * w * w + Normal.logCdf(w);
  }

  private static double critical(double v, double rho, double logLimit) {
    // Solve w^2/2 + log Phi(w) = R for w = S / sqrt(v + rho): the left side increases with w.
    double target = logLimit - Math.log(2) - 0.5 * Math.log(rho / (v + rho));
    double lo = 0;
    double hi = 1;
    while (0.5 * hi * hi + Normal.logCdf(hi) < target) {
      hi *= 2;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (0.5 * mid * mid + Normal.logCdf(mid) < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi * Math.sqrt((v + rho) / v);
  }

  /** The rho that minimises the critical z at {@code design} samples (golden-section search). */
  static double tightestRho(double alpha, double design) {
    double logLimit = Math.log(1 / alpha);
    double a = Math.log(design * 1e-4);
    double b = Math.log(design * 10);
    double g = (Math.sqrt(5) - 1) / 2;
    double c = b - g * (b - a);
    double d = a + g * (b - a);
    double fc = critical(design, Math.exp(c), logLimit);
    double fd = critical(design, Math.exp(d), logLimit);
    for (int i = 0; i < 80; i++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = critical(design, Math.exp(c), logLimit);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = critical(design, Math.exp(d), logLimit);
      }
    }
    return Math.exp(0.5 * (a + b));
  }
}
