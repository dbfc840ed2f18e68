package dev.spotter.canary.judge;

import dev.spotter.canary.judge.Texts.Unit;

/**
 * Judges a shift of location (LATENCY or VALUE with no quantile): the Mann-Whitney U test of "the
 * canary is shifted by the threshold" and the Hodges-Lehmann shift estimate with its interval, both
 * made anytime-valid by the normal-mixture boundary.
 *
 * <p>Everything is computed on the harm scale (values negated for LOWER_IS_WORSE, so that a
 * positive shift is always harm) and mapped back for the report. The interval inverts the rank test
 * (Lehmann 1975; Hollander and Wolfe 1973): its ends are order statistics of the pairwise
 * differences canary - baseline, at the rank the boundary's critical z gives. FAIL when its lower
 * end is above the threshold, PASS when its upper end is below.
 */
final class LocationTest {
  static final String TEST = "Mann-Whitney U, mSPRT";
  static final String TEST_EXACT = "Mann-Whitney U (exact null), mSPRT";

  private LocationTest() {}

  /**
   * Judges one metric from the arms' finite samples, sorted ascending on the harm scale (times -1
   * for LOWER_IS_WORSE; see {@link SortedSamples}).
   */
  static Outcome judge(MetricSpec spec, double[] b, double[] c, TestContext ctx) {
    int sign = spec.lowerIsWorse() ? -1 : 1;
    Unit unit = Reasons.unitOf(spec.kind());
    double baselineMedian = sign * Samples.median(b);
    double canaryMedian = sign * Samples.median(c);
    Outcome compared;
    if (b.length < ctx.minSamples() || c.length < ctx.minSamples()) {
      compared =
          Outcome.of(
              Reasons.tooLittleData(
                  spec,
                  TEST,
                  b.length,
                  c.length,
                  baselineMedian,
                  canaryMedian,
                  unit,
                  ctx.minSamples()));
    } else {
      compared = Outcome.of(compare(spec, b, c, baselineMedian, canaryMedian, unit, ctx));
    }
    return SloGuard.onQuantile(
        compared, spec, c, 0.5, "median " + noun(spec), canaryMedian, unit, ctx);
  }

  /** b and c sorted on the harm scale, both at least minSamples long. */
  private static MetricJudgement compare(
      MetricSpec spec,
      double[] b,
      double[] c,
      double baselineMedian,
      double canaryMedian,
      Unit unit,
      TestContext ctx) {
    double threshold = spec.minEffect().threshold(baselineMedian);
    Shift shift = Shift.of(b, c, threshold, ctx);
    Verdict verdict =
        shift.lower > threshold
            ? Verdict.FAIL
            : shift.upper < threshold ? Verdict.PASS : Verdict.INCONCLUSIVE;
    int sign = spec.lowerIsWorse() ? -1 : 1;
    // Back from the harm scale: canary minus baseline, the interval's ends swapped when negated.
    double estimate = sign * shift.estimate;
    double lower = Reasons.finiteOrNaN(sign == 1 ? shift.lower : -shift.upper);
    double upper = Reasons.finiteOrNaN(sign == 1 ? shift.upper : -shift.lower);
    String reason = reason(spec, verdict, shift, estimate, lower, upper, baselineMedian, unit, ctx);
    return new MetricJudgement(
        spec.name(),
        spec.kind(),
        verdict,
        spec.critical(),
        spec.weight(),
        b.length,
        c.length,
        shift.exact ? TEST_EXACT : TEST,
        baselineMedian,
        canaryMedian,
        estimate,
        lower,
        upper,
        sign * threshold,
        shift.pValue,
        unit.code,
        reason);
  }

  private static String reason(
      MetricSpec spec,
      Verdict verdict,
      Shift shift,
      double estimate,
      double lower,
      double upper,
      double baselineMedian,
      Unit unit,
      TestContext ctx) {
    String allowed = Reasons.threshold(spec.minEffect(), baselineMedian, unit);
    String what = noun(spec);
    if (verdict == Verdict.FAIL) {
      return Texts.format(
          "Canary's %s is %s by %s (%s anytime interval %s), more than the allowed %s.",
          what,
          spec.lowerIsWorse() ? "lower" : "higher",
          unit.amount(shift.estimate),
          ctx.level(),
          unit.range(shift.lower, shift.upper),
          allowed);
    }
    String change = spec.lowerIsWorse() ? "drop" : "rise";
    String interval =
        Double.isNaN(lower)
            ? "no anytime interval yet"
            : ctx.level() + " anytime interval " + unit.interval(lower, upper);
    if (verdict == Verdict.PASS) {
      return Texts.format(
          "Canary's %s changed by %s (%s), safely within the allowed %s of %s.",
          what, unit.signed(estimate), interval, change, allowed);
    }
    return Texts.format(
        "Canary's %s changed by %s (%s), too close to the allowed %s of %s to decide yet.",
        what, unit.signed(estimate), interval, change, allowed);
  }

  static String noun(MetricSpec spec) {
    return spec.kind() == MetricKind.LATENCY ? "latency" : spec.name();
  }

  /**
   * The shift of c over b on the harm scale: the Hodges-Lehmann estimate, the anytime interval
   * (infinite ends when there is too little data for them yet), and the always-valid p-value of
   * "shift <= threshold".
   */
  record Shift(double estimate, double lower, double upper, double pValue, boolean exact) {
    static Shift of(double[] b, double[] c, double threshold, TestContext ctx) {
      PairwiseDifferences d = new PairwiseDifferences(c, b);
      long n = d.total();
      double estimate = d.median(); // first: its counts then guide the searches for the bounds
      // The test's null is "c is b shifted by the threshold": ties are those of c - threshold and
      // b.
      double[] shifted = new double[c.length];
      for (int j = 0; j < c.length; j++) {
        shifted[j] = c[j] - threshold;
      }
      double ties = MannWhitney.tieSum(shifted, b);
      double v = (double) b.length * c.length / (b.length + c.length);
      double critical = ctx.mixture().critical(v);
      boolean exact =
          b.length < MannWhitney.EXACT_BELOW && c.length < MannWhitney.EXACT_BELOW && ties == 0;
      // rank: how many differences must lie beyond a shift for the test to reject it. The normal
      // approximation includes the continuity correction; the exact null distribution, when it
      // applies, turns the critical z into the count whose tail probability matches.
      long rank;
      double[] tails = null;
      double sigma = MannWhitney.sigma(c.length, b.length, ties);
      if (exact) {
        tails = MannWhitney.upperTails(MannWhitney.exactCounts(c.length, b.length));
        double allowed = Normal.upperTail(critical);
        rank = n + 1;
        while (rank > 0 && tails[(int) rank - 1] <= allowed) {
          rank--;
        }
      } else {
        rank = (long) Math.ceil(n / 2.0 + 0.5 + critical * sigma);
      }
      double lower = rank <= n ? d.kth(n - rank + 1) : Double.NEGATIVE_INFINITY;
      double upper = rank <= n ? d.kth(rank) : Double.POSITIVE_INFINITY;
      double u = d.uAt(threshold);
      double z =
          exact ? Normal.upperQuantile(tails[(int) Math.ceil(u)]) : (u - n / 2.0 - 0.5) / sigma;
      return new Shift(estimate, lower, upper, ctx.mixture().pValue(z, v), exact);
    }
  }
}
