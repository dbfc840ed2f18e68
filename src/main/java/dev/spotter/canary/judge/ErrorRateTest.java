package dev.spotter.canary.judge;

import dev.spotter.canary.judge.Texts.Unit;
import dev.spotter.stats.BetaMixture;

/**
 * Judges the error rate from counts.
 *
 * <p>The canary counts as worse when its rate exceeds the baseline's by more than {@code relative}
 * of it AND by more than {@code absolute}: the rate ratio is above {@code rho = 1 + relative} and
 * the difference above {@code absolute}. A FAIL needs both shown (an intersection-union test,
 * Berger 1982, so each part may use the full alpha):
 *
 * <ul>
 *   <li>The ratio, by a conditional binomial test: errors as Poisson counts with exposures n_b and
 *       n_c. Given k errors in all, each one is the canary's with probability {@code q = rho_true
 *       n_c / (rho_true n_c + n_b)}; at the boundary ratio rho this is {@code q0 = rho n_c / (rho
 *       n_c + n_b)}. The beta mixture of {@link BetaMixture} over {@code q in [q0, 1]} tests that,
 *       zeros included (no errors, no evidence). Exact under the Poisson model with a fixed
 *       exposure ratio; q0 is re-estimated from the counts at each look, so across looks the
 *       guarantee is approximate when the traffic split wanders.
 *   <li>The difference, through a score statistic (Farrington and Manning 1990; Miettinen and
 *       Nurminen 1985): its variance is taken at the rates that fit best under the hypothesised
 *       difference, which stays positive with zero errors, read through the normal-mixture
 *       boundary. Inverting it gives the reported anytime interval of the difference, and the FAIL
 *       needs its lower end above the threshold {@code max(relative * baseline rate, absolute)}.
 * </ul>
 *
 * A PASS needs the upper end of that interval below the threshold. Since every FAIL needs the ratio
 * test, the false-alarm level of this metric rests on the Poisson model, not on asymptotics.
 */
final class ErrorRateTest {
  static final String TEST = "conditional binomial (Poisson rates), mixture martingale";

  private ErrorRateTest() {}

  static Outcome judge(MetricSpec spec, ArmData baseline, ArmData canary, TestContext ctx) {
    long nb = baseline.requests();
    long nc = canary.requests();
    double rb = nb == 0 ? Double.NaN : (double) baseline.errors() / nb;
    double rc = nc == 0 ? Double.NaN : (double) canary.errors() / nc;
    Outcome compared;
    if (nb < ctx.minSamples() || nc < ctx.minSamples()) {
      compared =
          Outcome.of(
              Reasons.tooLittleData(spec, TEST, nb, nc, rb, rc, Unit.RATIO, ctx.minSamples()));
    } else {
      compared = Outcome.of(compare(spec, baseline.errors(), nb, canary.errors(), nc, ctx));
    }
    return SloGuard.onRate(compared, spec, canary.errors(), nc, ctx);
  }

  private static MetricJudgement compare(
      MetricSpec spec, long eb, long nb, long ec, long nc, TestContext ctx) {
    double rb = (double) eb / nb;
    double rc = (double) ec / nc;
    MinEffect effect = spec.minEffect();
    double threshold = effect.threshold(rb);

    double rho = 1 + effect.relative();
    double q0 = rho * nc / (rho * nc + nb);
    double ratioP = Math.min(1, Math.exp(-BetaMixture.logEvidence(ec, eb + ec, q0)));

    Difference diff = new Difference(eb, nb, ec, nc);
    double v = (double) nb * nc / (nb + nc);
    double critical = ctx.mixture().critical(v);
    double lower = diff.solve(critical);
    double upper = diff.solve(-critical);
    double diffP = ctx.mixture().pValue(diff.z(threshold), v);
    double pValue = Math.max(ratioP, diffP);

    boolean ratioShown = ratioP <= ctx.alpha();
    Verdict verdict =
        ratioShown && lower > threshold
            ? Verdict.FAIL
            : upper < threshold ? Verdict.PASS : Verdict.INCONCLUSIVE;

    String allowed = Reasons.threshold(effect, rb, Unit.RATIO);
    String facts =
        Texts.format(
            "Canary's error rate is %s against the baseline's %s (%s, %s anytime interval %s)",
            Unit.RATIO.value(rc),
            Unit.RATIO.value(rb),
            Unit.RATIO.signed(rc - rb),
            ctx.level(),
            Unit.RATIO.interval(lower, upper));
    String reason;
    if (verdict == Verdict.FAIL) {
      reason = facts + ", more than the allowed " + allowed + ".";
    } else if (verdict == Verdict.PASS) {
      reason = facts + ", safely within the allowed rise of " + allowed + ".";
    } else if (lower > threshold) {
      reason =
          facts
              + ", probably more than the allowed "
              + allowed
              + ", but not yet certainly "
              + Texts.plain(rho)
              + " times the baseline's (anytime p = "
              + Texts.p(ratioP)
              + ").";
    } else {
      reason = facts + ", too close to the allowed rise of " + allowed + " to decide yet.";
    }
    return new MetricJudgement(
        spec.name(),
        spec.kind(),
        verdict,
        spec.critical(),
        spec.weight(),
        nb,
        nc,
        TEST,
        rb,
        rc,
        rc - rb,
        lower,
        upper,
        threshold,
        pValue,
        Unit.RATIO.code,
        reason);
  }

  /**
   * The score statistic of "canary rate - baseline rate = delta" with the variance at the
   * constrained maximum-likelihood rates (Farrington and Manning 1990).
   */
  record Difference(long eb, long nb, long ec, long nc) {
    /** The z of the observed difference against delta; decreases as delta grows. */
    double z(double delta) {
      double pb = constrainedBaselineRate(delta);
      double pc = pb + delta;
      double variance = pc * (1 - pc) / nc + pb * (1 - pb) / nb;
      double excess = (double) ec / nc - (double) eb / nb - delta;
      if (variance <= 0) {
        // Only when both fitted rates are 0 or 1: the data sit exactly on delta, or nothing varies.
        return excess == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, excess);
      }
      return excess / Math.sqrt(variance);
    }

    /** The delta at which z(delta) = target, by bisection on (-1, 1). */
    double solve(double target) {
      double lo = -1;
      double hi = 1;
      for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (z(mid) > target) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return 0.5 * (lo + hi);
    }

    /**
     * The baseline rate p maximising the likelihood when the canary's rate is p + delta. The
     * log-likelihood is concave in p, so its derivative is bisected on the feasible range.
     */
    double constrainedBaselineRate(double delta) {
      double lo = Math.max(0, -delta);
      double hi = Math.min(1, 1 - delta);
      if (hi <= lo) {
        return lo;
      }
      for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (slope(mid, delta) > 0) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return 0.5 * (lo + hi);
    }

    private double slope(double p, double delta) {
      double pc = p + delta;
      double s = 0;
      if (ec > 0) {
        s += ec / pc;
      }
      if (nc > ec) {
        s -= (nc - ec) / (1 - pc);
      }
      if (eb > 0) {
        s += eb / p;
      }
      if (nb > eb) {
        s -= (nb - eb) / (1 - p);
      }
      return s;
    }
  }
}
