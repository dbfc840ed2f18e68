package dev.spotter.canary.judge;

import dev.spotter.canary.judge.Texts.Unit;
import dev.spotter.stats.BetaMixture;

/**
 * The SLO guard: an absolute limit on the canary's own value, checked with a one-sample
 * anytime-valid test so that noise around a value inside the limit does not roll back.
 *
 * <p>The metric FAILs on its SLO only when the canary's value is beyond the limit beyond doubt: the
 * beta mixture of {@link BetaMixture} rejects "the canary is within the limit" at the metric's
 * share of alpha (an SLO limit counts as one more test in {@link JudgeSettings#alphaPerTest()}).
 * For an error rate that is "errors are Bernoulli with a rate at most the limit"; for a quantile q
 * (the median for a location metric) it is "at most a share 1 - q of the samples exceed the limit",
 * which holds exactly when the q-quantile is within it. Both stay valid under any number of looks.
 *
 * <p>A point value beyond the limit that is not yet beyond doubt cannot FAIL, but it keeps the
 * metric from PASSing: the step is extended rather than promoted on it.
 */
final class SloGuard {
  private SloGuard() {}

  /** The guard on an error rate: {@code errors} in {@code requests} of the canary. */
  static Outcome onRate(
      Outcome compared, MetricSpec spec, long errors, long requests, TestContext ctx) {
    if (!spec.hasSlo() || requests < ctx.minSamples()) {
      return compared;
    }
    double limit = spec.sloLimit();
    double rate = (double) errors / requests;
    double logEvidence;
    if (limit >= 1) {
      logEvidence = 0; // every rate is within it
    } else if (limit <= 0) {
      logEvidence = errors > 0 ? Double.POSITIVE_INFINITY : 0; // one error disproves "none"
    } else {
      logEvidence = BetaMixture.logEvidence(errors, requests, limit);
    }
    if (logEvidence >= ctx.logLimit()) {
      return breach(
          compared,
          Texts.format(
              "The canary's error rate of %s is above the SLO limit of %s beyond doubt: %d errors"
                  + " in %d requests are too many for a rate within the limit (anytime p = %s).",
              Unit.RATIO.value(rate),
              Unit.RATIO.value(limit),
              errors,
              requests,
              Texts.p(pValue(logEvidence))));
    }
    if (rate > limit) {
      return unproven(
          compared,
          Texts.format(
              "its error rate of %s is above the SLO limit of %s, though not yet beyond doubt"
                  + " (anytime p = %s)",
              Unit.RATIO.value(rate), Unit.RATIO.value(limit), Texts.p(pValue(logEvidence))));
    }
    return compared;
  }

  /**
   * The guard on a quantile of samples sorted ascending on the harm scale (times -1 for
   * LOWER_IS_WORSE), where {@code q} is the quantile's level on that scale (mirrored for
   * LOWER_IS_WORSE; 0.5 for a median).
   *
   * @param valueName what the value is called in reasons, e.g. "p99 latency"
   * @param canaryValue the canary's point value in the metric's own direction
   */
  static Outcome onQuantile(
      Outcome compared,
      MetricSpec spec,
      double[] harmSorted,
      double q,
      String valueName,
      double canaryValue,
      Unit unit,
      TestContext ctx) {
    if (!spec.hasSlo() || harmSorted.length < ctx.minSamples() || Double.isNaN(canaryValue)) {
      return compared;
    }
    int sign = spec.lowerIsWorse() ? -1 : 1;
    double harmLimit = sign * spec.sloLimit();
    long beyond = Samples.countAbove(harmSorted, harmLimit);
    long n = harmSorted.length;
    double logEvidence = BetaMixture.logEvidence(beyond, n, 1 - q);
    String side = spec.lowerIsWorse() ? "below" : "above";
    if (logEvidence >= ctx.logLimit()) {
      return breach(
          compared,
          Texts.format(
              "The canary's %s of %s is %s the SLO limit of %s beyond doubt: %.1f %% of its %d"
                  + " samples are %s %s, more than the %s %s within the limit allows (anytime p"
                  + " = %s).",
              valueName,
              unit.value(canaryValue),
              side,
              unit.value(spec.sloLimit()),
              100.0 * beyond / n,
              n,
              side,
              unit.value(spec.sloLimit()),
              Texts.plain(100 * (1 - q)) + " %",
              valueName,
              Texts.p(pValue(logEvidence))));
    }
    if (sign * canaryValue > harmLimit) {
      return unproven(
          compared,
          Texts.format(
              "its %s of %s is %s the SLO limit of %s, though not yet beyond doubt (anytime p ="
                  + " %s)",
              valueName,
              unit.value(canaryValue),
              side,
              unit.value(spec.sloLimit()),
              Texts.p(pValue(logEvidence))));
    }
    return compared;
  }

  private static double pValue(double logEvidence) {
    return Math.min(1, Math.exp(-logEvidence));
  }

  /** The SLO's reason first; a comparison that failed on its own keeps its figures after it. */
  private static Outcome breach(Outcome compared, String reason) {
    MetricJudgement j = compared.judgement();
    String told =
        j.verdict() == Verdict.FAIL
            ? reason + " The comparison with the baseline failed too: " + j.reason()
            : reason;
    return new Outcome(with(j, Verdict.FAIL, told), true);
  }

  /** A PASS turns INCONCLUSIVE; a FAIL or INCONCLUSIVE stays, its reason told of the limit. */
  private static Outcome unproven(Outcome compared, String clause) {
    MetricJudgement j = compared.judgement();
    String reason = j.reason();
    String base = reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason;
    if (j.verdict() == Verdict.PASS) {
      return new Outcome(
          with(j, Verdict.INCONCLUSIVE, base + "; but " + clause + ", so it cannot pass yet."),
          compared.sloBreach());
    }
    return new Outcome(with(j, j.verdict(), base + "; " + clause + "."), compared.sloBreach());
  }

  private static MetricJudgement with(MetricJudgement j, Verdict verdict, String reason) {
    return new MetricJudgement(
        j.metric(),
        j.kind(),
        verdict,
        j.critical(),
        j.weight(),
        j.baselineN(),
        j.canaryN(),
        j.test(),
        j.baselineValue(),
        j.canaryValue(),
        j.estimate(),
        j.lower(),
        j.upper(),
        j.threshold(),
        j.pValue(),
        j.unit(),
        reason);
  }
}
