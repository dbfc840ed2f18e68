package dev.spotter.canary.judge;

import dev.spotter.canary.judge.Texts.Unit;
import dev.spotter.stats.BetaMixture;

/**
 * Judges a quantile (a tail) with exact binomial mixture martingales, distribution-free.
 *
 * <p>On the harm scale (values negated for LOWER_IS_WORSE, the quantile level mirrored), let Qb be
 * the baseline's q-quantile and {@code t = Qb + max(relative * |Qb|, absolute)} the limit the
 * canary's q-quantile must not pass. The canary's q-quantile is beyond t exactly when more than a
 * share 1 - q of its samples exceed t, so the canary's exceedances of t are a binomial test against
 * 1 - q: significantly more FAILs, significantly fewer PASSes.
 *
 * <p>Qb is itself estimated. So that a small baseline cannot make t too low by chance, the FAIL
 * test uses t computed from an anytime upper confidence bound of Qb, and the PASS test from a lower
 * bound; alpha is split in two halves, one for the bound and one for the canary's test. The bounds
 * are order statistics found by the same binomial mixture (the count of values below the true
 * quantile is binomial). Assumes {@code x + max(relative * |x|, absolute)} grows with x, which
 * holds for non-negative values (latencies) and for relative <= 1.
 */
final class QuantileTest {
  static final String TEST = "exceedance binomial, mixture martingale";

  private QuantileTest() {}

  /**
   * Judges one metric from the arms' finite samples, sorted ascending on the harm scale (times -1
   * for LOWER_IS_WORSE; see {@link SortedSamples}).
   */
  static Outcome judge(MetricSpec spec, double[] b, double[] c, TestContext ctx) {
    int sign = spec.lowerIsWorse() ? -1 : 1;
    double q = sign == 1 ? spec.quantile() : 1 - spec.quantile();
    Unit unit = Reasons.unitOf(spec.kind());
    double baselineQ = sign * Samples.quantile(b, q);
    double canaryQ = sign * Samples.quantile(c, q);
    Outcome compared;
    if (b.length < ctx.minSamples() || c.length < ctx.minSamples()) {
      compared =
          Outcome.of(
              Reasons.tooLittleData(
                  spec, TEST, b.length, c.length, baselineQ, canaryQ, unit, ctx.minSamples()));
    } else {
      compared = Outcome.of(compare(spec, b, c, q, baselineQ, canaryQ, unit, ctx));
    }
    return SloGuard.onQuantile(compared, spec, c, q, noun(spec), canaryQ, unit, ctx);
  }

  private static MetricJudgement compare(
      MetricSpec spec,
      double[] b,
      double[] c,
      double q,
      double baselineQ,
      double canaryQ,
      Unit unit,
      TestContext ctx) {
    int sign = spec.lowerIsWorse() ? -1 : 1;
    MinEffect effect = spec.minEffect();
    double logHalf = Math.log(2 / ctx.alpha()); // each half of alpha
    double baselineUp = upperBound(b, q, logHalf);
    double baselineLow = lowerBound(b, q, logHalf);

    double failLimit = baselineUp + effect.threshold(baselineUp); // +inf while unbounded
    long beyond = Samples.countAbove(c, failLimit);
    double failEvidence =
        Double.isInfinite(failLimit)
            ? Double.NEGATIVE_INFINITY
            : BetaMixture.logEvidence(beyond, c.length, 1 - q);
    double passLimit = baselineLow + effect.threshold(baselineLow); // -inf while unbounded
    long within = c.length - Samples.countAbove(c, passLimit);
    double passEvidence =
        Double.isInfinite(passLimit)
            ? Double.NEGATIVE_INFINITY
            : BetaMixture.logEvidence(within, c.length, q);
    Verdict verdict =
        failEvidence >= logHalf
            ? Verdict.FAIL
            : passEvidence >= logHalf ? Verdict.PASS : Verdict.INCONCLUSIVE;
    double pValue = Math.min(1, 2 * Math.exp(-failEvidence));

    double lowerH = lowerBound(c, q, logHalf) - baselineUp;
    double upperH = upperBound(c, q, logHalf) - baselineLow;
    double lower = Reasons.finiteOrNaN(sign == 1 ? lowerH : -upperH);
    double upper = Reasons.finiteOrNaN(sign == 1 ? upperH : -lowerH);
    double threshold = effect.threshold(baselineQ);

    String reason;
    String allowedShare = Texts.plain(100 * (1 - q)) + " %";
    String side = spec.lowerIsWorse() ? "below" : "above";
    if (verdict == Verdict.FAIL) {
      reason =
          Texts.format(
              "Canary's %s is %s against the baseline's %s: %.1f %% of its samples are %s %s"
                  + " (the baseline's %s, bounded conservatively, %s by the allowed %s), more"
                  + " than the %s a %s allows (anytime p = %s).",
              noun(spec),
              unit.value(canaryQ),
              unit.value(baselineQ),
              100.0 * beyond / c.length,
              side,
              unit.value(sign * failLimit),
              Texts.quantileName(spec.quantile()),
              spec.lowerIsWorse() ? "lowered" : "raised",
              thresholdText(effect, unit),
              allowedShare,
              Texts.quantileName(spec.quantile()),
              Texts.p(pValue));
    } else if (verdict == Verdict.PASS) {
      reason =
          Texts.format(
              "Canary's %s is %s against the baseline's %s: only %.1f %% of its samples are %s %s"
                  + " (the baseline's %s, bounded conservatively, %s by the allowed %s), safely"
                  + " under the %s a %s allows.",
              noun(spec),
              unit.value(canaryQ),
              unit.value(baselineQ),
              100.0 * (c.length - within) / c.length,
              side,
              unit.value(sign * passLimit),
              Texts.quantileName(spec.quantile()),
              spec.lowerIsWorse() ? "lowered" : "raised",
              thresholdText(effect, unit),
              allowedShare,
              Texts.quantileName(spec.quantile()));
    } else {
      reason =
          Texts.format(
              "Canary's %s is %s against the baseline's %s: too few samples yet to tell whether"
                  + " more than %s of them are %s the allowed %s.",
              noun(spec),
              unit.value(canaryQ),
              unit.value(baselineQ),
              allowedShare,
              side,
              unit.value(sign * (sign * baselineQ + threshold)));
    }
    return new MetricJudgement(
        spec.name(),
        spec.kind(),
        verdict,
        spec.critical(),
        spec.weight(),
        b.length,
        c.length,
        TEST,
        baselineQ,
        canaryQ,
        canaryQ - baselineQ,
        lower,
        upper,
        sign * threshold,
        pValue,
        unit.code,
        reason);
  }

  /** "max(10 %, 5.0 ms)": the margin added to the baseline's quantile. */
  private static String thresholdText(MinEffect effect, Unit unit) {
    String relative = Texts.plain(100 * effect.relative()) + " %";
    if (effect.relative() == 0) {
      return unit.amount(effect.absolute());
    }
    if (effect.absolute() == 0) {
      return relative;
    }
    return "max(" + relative + ", " + unit.amount(effect.absolute()) + ")";
  }

  static String noun(MetricSpec spec) {
    String q = Texts.quantileName(spec.quantile());
    return spec.kind() == MetricKind.LATENCY ? q + " latency" : q + " " + spec.name();
  }

  /**
   * An anytime upper confidence bound of the q-quantile Q of a sorted sample, +infinity while there
   * is none. The count of values below Q is binomial with a probability at most q; the mixture
   * bounds it by y - 1 for the smallest y it rejects, so Q is at most the y-th value.
   */
  static double upperBound(double[] sorted, double q, double logLimit) {
    long y = BetaMixture.smallestRejecting(sorted.length, q, logLimit);
    return y > sorted.length ? Double.POSITIVE_INFINITY : sorted[(int) y - 1];
  }

  /** The mirror image: an anytime lower confidence bound, -infinity while there is none. */
  static double lowerBound(double[] sorted, double q, double logLimit) {
    long z = BetaMixture.smallestRejecting(sorted.length, 1 - q, logLimit);
    return z > sorted.length ? Double.NEGATIVE_INFINITY : sorted[(int) (sorted.length - z)];
  }
}
