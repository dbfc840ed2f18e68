package dev.spotter.diff.noise;

import dev.spotter.stats.BetaMixture;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one (path, kind) of an endpoint from its counts. Pure.
 *
 * <p>Every path ends in one of three verdicts. A <b>regression</b> when the candidate differs from
 * the primary clearly more often than the secondary does: more often at all, by more than a
 * relative and an absolute margin (Diffy's rule), and by more than chance would give (a sign test
 * on the asks where only one of the two differs, read as a test martingale so that it stays valid
 * while the check asks again until it has decided; the run's hierarchy of tests, in {@link
 * GatedTests}, says at which level). <b>Noise</b> when the old build shows the difference as often,
 * within the margins, or when the difference does not come back when its request is asked again.
 * Otherwise it is <b>undecided</b>, never noise by default. Because findings are keyed by kind as
 * well as path, noisy values never excuse a structural change (a type change, a missing field) at
 * the same path. And where the noise is only floating-point jitter or keeps the form of strings,
 * candidate changes that are far larger or change the form are counted apart as unexplained: a
 * noisy total cannot hide a rounding change.
 */
final class NoiseJudge {
  /** Noise whose largest relative change is below 10^-9 is rounding jitter, not real variation. */
  static final int JITTER_DECADE = -9;

  /** How many decades above the noise a numeric change may go and still count as noise. */
  static final int JITTER_TOLERANCE_DECADES = 3;

  /** Distinct values each side must show before the form of its values is judged. */
  static final int MIN_DISTINCT_VALUES = 5;

  /**
   * A change in code comes back when its request is asked again: on a request that showed it, the
   * candidate differs again on at least this share of the asks (a deterministic change on every
   * one). A difference that comes back less often is per-call randomness.
   */
  static final double COMES_BACK = 0.9;

  /**
   * How many times the old build must show a difference before "it shows it as often" counts as
   * noise while the candidate also differs where the old build did not: one or two differences of
   * the old build say little about how often it varies, and asking again will tell.
   */
  static final int OLD_BUILD_SHOWS = 5;

  private final NoiseSettings settings;

  NoiseJudge(NoiseSettings settings) {
    this.settings = settings;
  }

  /**
   * @param cause what the old build's own differences here come from, when more than nondeterminism
   */
  record Judgement(
      Verdict verdict, String reason, long unexplained, double pValue, FindingCause cause) {
    Judgement(Verdict verdict, String reason, long unexplained, double pValue) {
      this(verdict, reason, unexplained, pValue, FindingCause.NONE);
    }
  }

  /**
   * What one path shows before the run's tests are corrected for their number.
   *
   * @param asks asks of the endpoint: requests, and every time one was asked again
   * @param requests requests of the endpoint, each once
   * @param p anytime-valid p-value of "the candidate differs here more often than the old build",
   *     from the sign test on the asks where only one of the two differs
   * @param discordant asks where only one of the two differs
   * @param unexplained candidate requests (first asks) with changes of a size or form noise never
   *     shows
   * @param pUnexplained how likely that many unexplained changes are by chance
   * @param pComesBack p-value of "on some request where only the candidate differed, the difference
   *     comes back on at least 90 % of its asks": the largest of the requests' own anytime-valid
   *     p-values (an intersection-union test, so each may use the whole significance), 1 unless
   *     every such request was asked again; small when the candidate's differences are shy, as
   *     per-call noise is
   * @param candidateOnly asks where the candidate differs here and the secondary does not
   * @param shyRequests requests where only the candidate differed here, each shown not to come back
   *     (when {@code pComesBack} is small)
   * @param asked how much rests on asking again
   */
  record Evidence(
      long candidate,
      long noise,
      long asks,
      long requests,
      double relative,
      double absolute,
      boolean beyondMargins,
      double p,
      long discordant,
      long unexplained,
      boolean unexplainedBeyondMargin,
      double pUnexplained,
      boolean lastDigitsOnly,
      double pComesBack,
      long candidateOnly,
      long shyRequests,
      Asked asked) {

    /** Whether the sign test has anything to look at: some ask where only one of them differs. */
    boolean tested() {
      return discordant > 0;
    }
  }

  /**
   * The outcome of the run's tests for one path.
   *
   * @param excessShown the sign test rejected "the candidate is another old build" at its level in
   *     the run's hierarchy
   * @param excessHow how the significance was shared, for the reason ("0.01 shared by ...")
   * @param excessLevel the level the sign test was held to, or 0 when its endpoint was not shown to
   *     have changed as a whole (so its paths were not tested)
   * @param unexplainedShown the unexplained changes are more than chance
   * @param unexplainedHow how the significance of that test was shared
   * @param crossCutting the change across endpoints this path is part of, or null
   * @param notAskedAgain why the requests of this path were not asked again (further), or null
   */
  record Tested(
      boolean excessShown,
      String excessHow,
      double excessLevel,
      boolean unexplainedShown,
      String unexplainedHow,
      CrossCuttingFinding crossCutting,
      String notAskedAgain) {}

  Evidence assess(PathTally t, EndpointTally endpoint) {
    long r = t.candidate;
    long n = t.noise;
    long asks = endpoint.asks;
    long unexplained = r == 0 ? 0 : unexplained(t);
    double relative = r + n == 0 ? 0 : (double) (r - n) / (r + n);
    double absolute = (double) (r - n) / asks;
    boolean lastDigitsOnly = n > 0 && lastDigitsOnly(t, t.firstCandidate);
    boolean beyondMargins =
        !lastDigitsOnly
            && r > n
            && relative > settings.minRelativeExcess()
            && absolute > settings.minAbsoluteExcess();
    long candidateOnly = r - t.both;
    long noiseOnly = n - t.both;
    long firstRequests = endpoint.requests;
    return new Evidence(
        r,
        n,
        asks,
        firstRequests,
        relative,
        absolute,
        beyondMargins,
        signTest(candidateOnly, noiseOnly),
        candidateOnly + noiseOnly,
        unexplained,
        unexplained > 0 && (double) unexplained / firstRequests > settings.minAbsoluteExcess(),
        unexplained == 0 ? 1 : unexplainedByChance(unexplained, t),
        lastDigitsOnly,
        comesBack(t),
        candidateOnly,
        candidateOnlyRequests(t).cardinality(),
        t.asked());
  }

  /**
   * Anytime-valid p-value of "the candidate is just another copy of the old build here": on every
   * ask where only one of the two differs, it is then the candidate's with probability one half,
   * whatever came before, so the beta mixture of {@link BetaMixture} over "more often the
   * candidate's" is a test martingale, and one over its value is a p-value however often it is
   * looked at and however the asking was steered by what came before.
   */
  static double signTest(long candidateOnly, long noiseOnly) {
    if (candidateOnly == 0) {
      return 1;
    }
    double log = BetaMixture.logEvidence(candidateOnly, candidateOnly + noiseOnly, 0.5);
    return Math.min(1, Math.exp(-log));
  }

  /**
   * p-value of "on some request where only the candidate differed, a change in code: the difference
   * comes back on at least {@link #COMES_BACK} of its asks". Each such request is tested on its
   * own, and all of them must be shown shy (intersection-union, so each may use the whole
   * significance), so a change on one request is never outvoted by the old build's noise on others;
   * requests where the secondary differed too when the candidate first did are the old build's own
   * variation, not in question (unless there are no others). 1 when some request in question was
   * not asked again.
   *
   * <p>A request's evidence has two parts. The asks after the first difference (the first is how
   * the request was chosen, so it is left out), weighed with the beta mixture of {@link
   * BetaMixture}: each ask on which the difference does not come back is strong evidence (one in
   * ten, at most, for a change). And, when the first difference came only on a later ask, the asks
   * before it: a change shows from the first ask, and k - 1 asks without it happen with chance at
   * most {@code 0.1^(k-1)} under "at least 90 %". Under that hypothesis the two are independent,
   * the first a p-value and the second an e-value, so their quotient is a p-value.
   */
  static double comesBack(PathTally t) {
    BitSet inQuestion = candidateOnlyRequests(t);
    if (inQuestion.isEmpty()) {
      // every request showed it first together with the old build: those are the ones to ask
      inQuestion = t.candidateRequests;
    }
    if (inQuestion.isEmpty()) {
      return 1;
    }
    double worst = 0;
    for (int i = inQuestion.nextSetBit(0); i >= 0; i = inQuestion.nextSetBit(i + 1)) {
      long[] own = t.reaskedRequests.get(i);
      if (own == null) {
        return 1;
      }
      double logBefore = (own[2] - 1) * Math.log(1 - COMES_BACK);
      double logAfter =
          own[0] == 0 ? 0 : BetaMixture.logEvidence(own[0] - own[1], own[0], 1 - COMES_BACK);
      worst = Math.max(worst, Math.min(1, Math.exp(logBefore - logAfter)));
    }
    return worst;
  }

  /** Requests on whose first difference here only the candidate differed. */
  static BitSet candidateOnlyRequests(PathTally t) {
    BitSet only = (BitSet) t.candidateRequests.clone();
    only.andNot(t.shownWithSecondary);
    return only;
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
    Counted count = new Counted(e.asks(), e.requests());
    Asked asked = e.asked();
    if (r == 0) {
      return noise(
          "Only the old build varies here: the secondary differs from the primary on "
              + count.of(n)
              + ", the candidate never does.",
          0,
          1);
    }
    long unexplained = e.unexplained();
    double p = e.p();
    String counts = "The candidate differs on " + count.of(r) + ", the secondary on " + count.of(n);
    if (e.beyondMargins() && tested.excessShown()) {
      String evidence =
          n == 0
              ? "The old build never varies here (the secondary agrees with the primary on all "
                  + count.all()
                  + "), but the candidate differs on "
                  + count.of(r)
                  + "; "
                  + significance(p, tested.excessHow())
                  + "."
              : counts
                  + ": an excess of "
                  + NoiseJudge.count(r - n)
                  + " ("
                  + percent(e.relative())
                  + " relative; "
                  + significance(p, tested.excessHow())
                  + ") that nondeterminism does not explain.";
      return regression(evidence + decidedBy(asked, true), unexplained, p);
    }
    CrossCuttingFinding cross = tested.crossCutting();
    if (e.beyondMargins() && cross != null) {
      return regression(
          "Part of a change across "
              + cross.endpoints().size()
              + " endpoints ("
              + cross.key()
              + ", judged on their requests together: "
              + significance(cross.pValue(), null)
              + "). Here "
              + Character.toLowerCase(counts.charAt(0))
              + counts.substring(1)
              + "."
              + decidedBy(asked, true),
          unexplained,
          p);
    }
    if (e.unexplainedBeyondMargin() && tested.unexplainedShown()) {
      return regression(
          "The values here are noisy, but on "
              + of(unexplained, e.requests())
              + " the candidate changes them "
              + unexplainedHow(t)
              + " ("
              + significance(e.pUnexplained(), tested.unexplainedHow())
              + ").",
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
    // "the old build shows it as often" needs the old build to have shown it: several times, or on
    // every ask where the candidate did
    boolean oldBuildShown = e.candidateOnly() == 0 || n >= OLD_BUILD_SHOWS;
    if (r <= n && oldBuildShown) {
      return noise(
          counts
              + ": the old build is nondeterministic here and the candidate is no worse."
              + decidedBy(asked, false),
          unexplained,
          p);
    }
    if (r > n && e.relative() <= settings.minRelativeExcess() && oldBuildShown) {
      return noise(
          counts
              + ": an excess of "
              + percent(e.relative())
              + " relative, within the "
              + percent(settings.minRelativeExcess())
              + " that noise is allowed."
              + decidedBy(asked, false),
          unexplained,
          p);
    }
    if (r > n
        && e.relative() > settings.minRelativeExcess()
        && e.absolute() <= settings.minAbsoluteExcess()) {
      return noise(
          (n == 0
                  ? "The candidate differs on only " + count.of(r)
                  : counts + ": an excess of " + percent(e.absolute()) + " of the asks")
              + ", below the minimum of "
              + percent(settings.minAbsoluteExcess())
              + " needed to call it a change.",
          unexplained,
          p);
    }
    if (e.pComesBack() < settings.significance()) {
      return noise(
          "The candidate differed here on "
              + of(asked.requests(), e.requests())
              + ", but asked again "
              + times(asked.repeats())
              + (asked.candidateDiffered() == asked.requests()
                  ? " it never differed again"
                  : " it differed again only "
                      + times(asked.candidateDiffered() - asked.requests()))
              + (asked.secondaryDiffered() > 0
                  ? " (the secondary " + times(asked.secondaryDiffered()) + ")"
                  : "")
              + ": a change in code comes back on (nearly) every ask of the same request, and on "
              + (e.shyRequests() == 1
                  ? "the request where only the candidate differed"
                  : "each of the "
                      + e.shyRequests()
                      + " requests where only the candidate differed")
              + " this does not ("
              + pValue(e.pComesBack())
              + " that it would on 90 % of the asks or more; needs < "
              + settings.significance()
              + "). Per-call randomness, not the change.",
          unexplained,
          p);
    }
    String evidence =
        n == 0
            ? "The old build never varies here, but the candidate differs on only " + count.of(r)
            : counts;
    String why =
        r <= n || e.relative() <= settings.minRelativeExcess()
            ? "the old build shows it as often, but only "
                + times(n)
                + ", too few to call it the old build's own variation while the candidate also"
                + " differs where the old build does not"
            : "too few to tell a change from a rare difference of the old build";
    String test =
        tested.excessLevel() > 0
            ? significance(p, tested.excessHow())
            : pValue(p)
                + "; the endpoint as a whole is not yet shown to have changed ("
                + tested.excessHow()
                + ")";
    return undecided(
        evidence
            + ": "
            + why
            + " ("
            + test
            + ")."
            + askedSoFar(asked)
            + (tested.notAskedAgain() == null
                ? ""
                : " Still undecided: " + tested.notAskedAgain() + "."),
        unexplained,
        p);
  }

  /**
   * One sentence on the repeats a verdict rests on, and what they can show: per-call randomness
   * from a change, not one process's state from another's.
   */
  private static String decidedBy(Asked asked, boolean change) {
    if (!asked.any()) {
      return "";
    }
    return " Decided after "
        + NoiseJudge.count(asked.repeats())
        + (asked.repeats() == 1 ? " repeat" : " repeats")
        + " of "
        + answers(asked)
        + (change
            ? ". Repeats tell a change from per-call randomness; a difference in one process's"
                + " state (a cache, a warm-up, a clock) only the secondary can tell apart."
            : ".");
  }

  private static String askedSoFar(Asked asked) {
    if (!asked.any()) {
      return "";
    }
    return " Asked again " + times(asked.repeats()) + " on " + answers(asked) + ".";
  }

  /** "1 request: the old build answered the same 7 times, the new build differently 7 times". */
  private static String answers(Asked asked) {
    return NoiseJudge.count(asked.requests())
        + (asked.requests() == 1 ? " request" : " requests")
        + ": the old build answered the same "
        + times(asked.asks() - asked.secondaryDiffered())
        + ", the new build differently "
        + times(asked.candidateDiffered());
  }

  private static String times(long n) {
    return n == 1 ? "once" : NoiseJudge.count(n) + " times";
  }

  /**
   * Counts of asks (each request once, and again for every repeat), said as requests when nothing
   * was asked again.
   */
  private record Counted(long asks, long requests) {
    String of(long part) {
      if (asks == requests) {
        return NoiseJudge.of(part, asks);
      }
      return NoiseJudge.count(part)
          + " of "
          + NoiseJudge.count(asks)
          + " asks ("
          + percent((double) part / asks)
          + ")";
    }

    String all() {
      return asks == requests
          ? NoiseJudge.count(asks) + (asks == 1 ? " request" : " requests")
          : NoiseJudge.count(asks) + " asks";
    }
  }

  /** "p = 3.2e-06, with 0.01 shared by ..." (or "needs < 0.01" when nothing is shared). */
  private String significance(double p, String how) {
    return pValue(p)
        + (how == null || how.isEmpty() ? ", needs < " + settings.significance() : ", " + how);
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

  private static Judgement regression(String reason, long unexplained, double p) {
    return new Judgement(Verdict.REGRESSION, reason, unexplained, p);
  }

  private static Judgement undecided(String reason, long unexplained, double p) {
    return new Judgement(Verdict.UNDECIDED, reason, unexplained, p);
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

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double fraction) {
    double pct = fraction * 100;
    if (pct != 0 && Math.abs(pct) < 0.1) {
      return String.format(Locale.ROOT, "%.2f %%", pct);
    }
    return String.format(Locale.ROOT, "%.1f %%", pct);
  }

  static String pValue(double p) {
    if (p < Double.MIN_NORMAL) {
      return "p < 1e-300";
    }
    return "p = "
        + (p < 0.001
            ? String.format(Locale.ROOT, "%.1e", p)
            : String.format(Locale.ROOT, "%.3f", p));
  }
}
