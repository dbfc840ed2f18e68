package dev.spotter.diff.noise;

import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Judges one (path, kind) of an endpoint from its counts. Pure.
 *
 * <p>A path is a regression when the candidate differs from the primary clearly more often than the
 * secondary does: more often at all, by more than a relative and an absolute margin (Diffy's rule),
 * and, when the secondary differs there too, by more than chance would give (a one-sided exact
 * McNemar test on the requests where only one of the two differs). Because findings are keyed by
 * kind as well as path, noisy values never excuse a structural change (a type change, a missing
 * field) at the same path. And where the noise is only floating-point jitter or keeps the form of
 * strings, candidate changes that are far larger or change the form are counted apart as
 * unexplained: a noisy total cannot hide a rounding change.
 */
final class NoiseJudge {
  /** Noise whose largest relative change is below 10^-9 is rounding jitter, not real variation. */
  static final int JITTER_DECADE = -9;

  /** How many decades above the noise a numeric change may go and still count as noise. */
  static final int JITTER_TOLERANCE_DECADES = 3;

  /** Distinct values each side must show before the form of its values is judged. */
  static final int MIN_DISTINCT_VALUES = 5;

  private final NoiseSettings settings;

  NoiseJudge(NoiseSettings settings) {
    this.settings = settings;
  }

  record Judgement(Verdict verdict, String reason, long unexplained, double pValue) {}

  /**
   * What one path shows before the run's tests are corrected for their number.
   *
   * @param p one-sided exact McNemar p-value of the candidate's excess
   * @param unexplained candidate requests with changes of a size or form noise never shows
   * @param pUnexplained how likely that many unexplained changes are by chance
   */
  record Evidence(
      long candidate,
      long noise,
      long requests,
      double relative,
      double absolute,
      boolean beyondMargins,
      double p,
      long unexplained,
      boolean unexplainedBeyondMargin,
      double pUnexplained,
      boolean lastDigitsOnly) {

    /** Whether this path is tested at all: the candidate differs somewhere. */
    boolean tested() {
      return candidate > 0;
    }
  }

  /**
   * The outcome of the run's tests for one path.
   *
   * @param excessShown the McNemar test rejected "the candidate is another old build"
   * @param unexplainedShown the unexplained changes are more than chance
   * @param tests how many tests the run made, for the reason
   */
  record Tested(boolean excessShown, boolean unexplainedShown, int tests) {}

  Evidence assess(PathTally t, long requests) {
    long r = t.candidate;
    long n = t.noise;
    long unexplained = r == 0 ? 0 : unexplained(t);
    double relative = r + n == 0 ? 0 : (double) (r - n) / (r + n);
    double absolute = (double) (r - n) / requests;
    boolean lastDigitsOnly = n > 0 && lastDigitsOnly(t, r);
    boolean beyondMargins =
        !lastDigitsOnly
            && r > n
            && relative > settings.minRelativeExcess()
            && absolute > settings.minAbsoluteExcess();
    return new Evidence(
        r,
        n,
        requests,
        relative,
        absolute,
        beyondMargins,
        r == 0 ? 1 : mcNemarOneSided(r - t.both, n - t.both),
        unexplained,
        unexplained > 0 && (double) unexplained / requests > settings.minAbsoluteExcess(),
        unexplained == 0 ? 1 : unexplainedByChance(unexplained, t),
        lastDigitsOnly);
  }

  /**
   * Whether both builds only ever move this value in its last digits: every change a number, the
   * secondary's all below 10^-9 relative and the candidate's no more than a decade beyond the
   * secondary's largest. That is what clock readings do (an epoch in milliseconds, read a few
   * milliseconds apart, moves by 10^-12) and what floating-point rounding does. How often it
   * happens follows when each target served the request and how its arithmetic was ordered, which a
   * replay cannot hold equal across targets (a busy machine serves one of them later), so the rate
   * is no evidence of a change in what the code does. Larger changes are still found (see {@link
   * #unexplained}).
   */
  static boolean lastDigitsOnly(PathTally t, long candidateRequests) {
    ValueProfile c = t.candidateProfile;
    ValueProfile n = t.noiseProfile;
    return c.hasNumeric()
        && n.hasNumeric()
        && !c.hasTransitions()
        && !n.hasTransitions()
        && c.measured() == candidateRequests
        && n.maxDecade() < JITTER_DECADE
        // no further than the old build's own moves (a decade of slack: a few milliseconds more),
        // so a clock truncated to seconds or shifted by one is still judged on its rate
        && c.maxDecade() <= n.maxDecade() + 1;
  }

  Judgement judge(PathTally t, Evidence e, Tested tested) {
    long r = e.candidate();
    long n = e.noise();
    long requests = e.requests();
    if (r == 0) {
      return noise(
          "Only the old build varies here: the secondary differs from the primary on "
              + of(n, requests)
              + ", the candidate never does.",
          0,
          1);
    }
    long unexplained = e.unexplained();
    double p = e.p();
    String counts =
        "The candidate differs on " + of(r, requests) + ", the secondary on " + of(n, requests);
    if (e.beyondMargins() && tested.excessShown()) {
      if (n == 0) {
        return regression(
            "The old build never varies here (the secondary agrees with the primary on all "
                + count(requests)
                + (requests == 1 ? " request" : " requests")
                + "), but the candidate differs on "
                + of(r, requests)
                + "; "
                + significance(p, tested)
                + ".",
            unexplained,
            p);
      }
      return regression(
          counts
              + ": an excess of "
              + count(r - n)
              + " ("
              + percent(e.relative())
              + " relative; "
              + significance(p, tested)
              + ") that nondeterminism does not explain.",
          unexplained,
          p);
    }
    if (e.unexplainedBeyondMargin() && tested.unexplainedShown()) {
      return regression(
          "The values here are noisy, but on "
              + of(unexplained, requests)
              + " the candidate changes them "
              + unexplainedHow(t)
              + " ("
              + significance(e.pUnexplained(), tested)
              + ").",
          unexplained,
          p);
    }
    if (e.beyondMargins()) {
      String evidence =
          n == 0
              ? "The old build never varies here, but the candidate differs on only "
                  + of(r, requests)
              : counts;
      return inconclusive(
          evidence
              + ": too few to tell a change from a rare difference of the old build ("
              + significance(p, tested)
              + "); look at the examples.",
          unexplained,
          p);
    }
    if (e.lastDigitsOnly()) {
      return noise(
          counts
              + ", but both builds only ever move this value in its last digits (the old build"
              + " under 10^-9 relative, the candidate no further, as clock readings and rounding"
              + " do): how often that happens follows"
              + " when each build served the request, not what the code does.",
          unexplained,
          p);
    }
    if (r <= n) {
      return noise(
          counts + ": the old build is nondeterministic here and the candidate is no worse.",
          unexplained,
          p);
    }
    if (e.relative() <= settings.minRelativeExcess()) {
      return noise(
          counts
              + ": an excess of "
              + percent(e.relative())
              + " relative, within the "
              + percent(settings.minRelativeExcess())
              + " that noise is allowed.",
          unexplained,
          p);
    }
    return noise(
        (n == 0
                ? "The candidate differs on only " + of(r, requests)
                : counts + ": an excess of " + percent(e.absolute()) + " of the requests")
            + ", below the minimum of "
            + percent(settings.minAbsoluteExcess())
            + " needed to call it a change.",
        unexplained,
        p);
  }

  /** "p = 3.2e-06, shown at 0.01 over 31 tests" or "p = 0.04, not shown at 0.01 over 31 tests". */
  private String significance(double p, Tested tested) {
    boolean one = tested.tests() <= 1;
    return pValue(p)
        + (one
            ? ", needs < " + settings.significance()
            : ", with "
                + settings.significance()
                + " shared by the "
                + tested.tests()
                + " tests of this run (Holm)");
  }

  /**
   * Candidate requests whose value changes noise does not explain: numbers that move several
   * decades further than jitter-only noise, strings that change form in a way noise never does.
   */
  static long unexplained(PathTally t) {
    long count = 0;
    int noiseMax = t.noiseProfile.maxDecade();
    if (t.candidateProfile.hasNumeric()
        && t.noiseProfile.hasNumeric()
        && noiseMax <= JITTER_DECADE) {
      count += t.candidateProfile.countAboveDecade(noiseMax + JITTER_TOLERANCE_DECADES);
    }
    if (t.candidateProfile.hasTransitions() && t.noiseProfile.hasTransitions()) {
      // The form of a value can only be judged where both sides showed a spread of values: a
      // per-process constant (an instance id) shows one value per target and says nothing.
      boolean shapesJudgeable =
          t.noiseProfile.distinctValues() >= MIN_DISTINCT_VALUES
              && t.candidateProfile.distinctValues() >= MIN_DISTINCT_VALUES;
      for (Map.Entry<String, Long> e : t.candidateProfile.transitions().entrySet()) {
        String transition = e.getKey();
        boolean judgeable = ValueProfile.isTypeShift(transition) || shapesJudgeable;
        if (judgeable
            && ValueProfile.changesShape(transition)
            && !t.noiseProfile.transitions().containsKey(transition)) {
          count += e.getValue();
        }
      }
    }
    return count;
  }

  /**
   * How likely it is that all {@code k} changes of an unusual size or form fell to the candidate if
   * candidate and secondary changed values alike: a random value now and then takes an odd form (a
   * random hex id that happens to be all digits), and that must not count as a change. One-sided
   * Fisher exact test with no such change in the noise: C(c, k) / C(c + n, k).
   */
  static double unexplainedByChance(long k, PathTally t) {
    long c = Math.max(t.candidateProfile.measured(), k);
    long n = t.noiseProfile.measured();
    double p = 1;
    for (long i = 0; i < k && p > 0; i++) {
      p *= (double) (c - i) / (c + n - i);
    }
    return p;
  }

  private static String unexplainedHow(PathTally t) {
    int noiseMax = t.noiseProfile.maxDecade();
    if (t.candidateProfile.hasNumeric()
        && noiseMax <= JITTER_DECADE
        && t.candidateProfile.countAboveDecade(noiseMax + JITTER_TOLERANCE_DECADES) > 0) {
      return "by up to 1e"
          + t.candidateProfile.maxDecade()
          + " relative, where noise never exceeds 1e"
          + noiseMax
          + " (rounding jitter)";
    }
    StringBuilder shapes = new StringBuilder();
    for (String transition : t.candidateProfile.transitions().keySet()) {
      if (ValueProfile.changesShape(transition)
          && !t.noiseProfile.transitions().containsKey(transition)) {
        shapes
            .append(shapes.length() == 0 ? "" : ", ")
            .append(transition.replace("type:", "").replace("->", " to "));
      }
    }
    return "in form (" + shapes + "), which noise never does";
  }

  /**
   * P(X >= b) for X ~ Binomial(b + c, 1/2): how likely this many candidate-only differences are if
   * the candidate were just another copy of the old build.
   */
  static double mcNemarOneSided(long candidateOnly, long noiseOnly) {
    long m = candidateOnly + noiseOnly;
    if (m == 0 || candidateOnly == 0) {
      return 1.0;
    }
    if (noiseOnly == 0) {
      return Math.pow(0.5, candidateOnly); // exact, and without the cancellation of 1 - cdf
    }
    if (m > Integer.MAX_VALUE) {
      m = Integer.MAX_VALUE;
    }
    // P(X >= b) = P(X <= m - b) by the symmetry of Binomial(m, 1/2). The lower tail is summed
    // exactly in log space when it is short: a library cdf rounds tails below 1e-16 to zero.
    long k = m - candidateOnly;
    if (k <= EXACT_TAIL_TERMS) {
      return Math.min(1, Math.exp(logLowerTail((int) m, (int) k)));
    }
    BinomialDistribution d = new BinomialDistribution(null, (int) m, 0.5);
    return Math.max(0, Math.min(1, d.cumulativeProbability((int) k)));
  }

  private static final int EXACT_TAIL_TERMS = 10_000;

  /** log P(X <= k) for X ~ Binomial(m, 1/2), by log-sum-exp over the k + 1 terms. */
  private static double logLowerTail(int m, int k) {
    double logHalfToM = m * Math.log(0.5);
    double logFactM = Gamma.logGamma(m + 1.0);
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[k + 1];
    for (int i = 0; i <= k; i++) {
      terms[i] = logFactM - Gamma.logGamma(i + 1.0) - Gamma.logGamma(m - i + 1.0) + logHalfToM;
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }

  private static Judgement regression(String reason, long unexplained, double p) {
    return new Judgement(Verdict.REGRESSION, reason, unexplained, p);
  }

  private static Judgement inconclusive(String reason, long unexplained, double p) {
    return new Judgement(Verdict.INCONCLUSIVE, reason, unexplained, p);
  }

  private static Judgement noise(String reason, long unexplained, double p) {
    return new Judgement(Verdict.NOISE, reason, unexplained, p);
  }

  static String of(long part, long whole) {
    return count(part)
        + " of "
        + count(whole)
        + (whole == 1 ? " request" : " requests")
        + " ("
        + percent((double) part / whole)
        + ")";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double fraction) {
    double pct = fraction * 100;
    if (pct != 0 && Math.abs(pct) < 0.1) {
      return String.format(Locale.ROOT, "%.2f %%", pct);
    }
    return String.format(Locale.ROOT, "%.1f %%", pct);
  }

  private static String pValue(double p) {
    if (p < Double.MIN_NORMAL) {
      return "p < 1e-300";
    }
    return "p = "
        + (p < 0.001
            ? String.format(Locale.ROOT, "%.1e", p)
            : String.format(Locale.ROOT, "%.3f", p));
  }
}
