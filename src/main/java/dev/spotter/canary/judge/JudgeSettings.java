package dev.spotter.canary.judge;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the judge decides, validated once when built.
 *
 * @param alpha the false-alarm level for a WHOLE canary run (all steps, all metrics, any number of
 *     looks), in (0, 0.5]
 * @param steps how many judged steps the run has (>= 1); alpha is split over them
 * @param metrics non-empty, unique names, weights adding up to 100 (within 1e-6)
 * @param passScore a step PASSes when the weights of its PASS metrics reach this score
 * @param marginalScore a step FAILs when the weights of its FAIL metrics exceed {@code 100 -
 *     marginalScore}; {@code 0 <= marginalScore <= passScore <= 100}
 * @param minSamples fewer requests (or values) than this in either arm make a metric INCONCLUSIVE
 *     ("too little data"); >= 1
 */
public record JudgeSettings(
    double alpha,
    int steps,
    List<MetricSpec> metrics,
    double passScore,
    double marginalScore,
    int minSamples) {

  /** Tolerance on the sum of the weights. */
  static final double WEIGHT_TOLERANCE = 1e-6;

  public JudgeSettings {
    if (!(alpha > 0 && alpha <= 0.5)) {
      throw new IllegalArgumentException("alpha: must be in (0, 0.5], not " + Texts.plain(alpha));
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps: must be >= 1, not " + steps);
    }
    if (metrics == null || metrics.isEmpty()) {
      throw new IllegalArgumentException("metrics: at least one metric is needed, not none");
    }
    for (MetricSpec m : metrics) {
      if (m == null) {
        throw new IllegalArgumentException("metrics: must not contain null");
      }
    }
    metrics = List.copyOf(metrics);
    Set<String> names = new HashSet<>();
    double total = 0;
    for (MetricSpec m : metrics) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("metrics: the name '" + m.name() + "' is used twice");
      }
      total += m.weight();
    }
    if (Math.abs(total - 100) > WEIGHT_TOLERANCE) {
      throw new IllegalArgumentException(
          "metrics: weights add up to " + Texts.plain(total) + ", not 100");
    }
    if (!(passScore >= 0 && passScore <= 100)) {
      throw new IllegalArgumentException(
          "passScore: must be in [0, 100], not " + Texts.plain(passScore));
    }
    if (!(marginalScore >= 0 && marginalScore <= 100)) {
      throw new IllegalArgumentException(
          "marginalScore: must be in [0, 100], not " + Texts.plain(marginalScore));
    }
    if (marginalScore > passScore) {
      throw new IllegalArgumentException(
          "marginalScore: must not exceed passScore "
              + Texts.plain(passScore)
              + ", not "
              + Texts.plain(marginalScore));
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples: must be >= 1, not " + minSamples);
    }
  }

  /**
   * The defaults: alpha 0.05; "error-rate" (critical, weight 40, worse by more than 50 % and 1
   * point), "latency" (location, weight 30, worse by more than 10 % and 5 ms), "latency-p99" (the
   * 0.99 quantile, weight 30, worse by more than 10 % and 5 ms); no SLO limits; pass score 95,
   * marginal score 75, at least 50 samples per arm.
   */
  public static JudgeSettings defaults(int steps) {
    return new JudgeSettings(
        0.05,
        steps,
        List.of(
            new MetricSpec(
                "error-rate",
                MetricKind.ERROR_RATE,
                null,
                Double.NaN,
                Direction.HIGHER_IS_WORSE,
                new MinEffect(0.5, 0.01),
                40,
                true,
                Double.NaN),
            new MetricSpec(
                "latency",
                MetricKind.LATENCY,
                null,
                Double.NaN,
                Direction.HIGHER_IS_WORSE,
                new MinEffect(0.10, 5),
                30,
                false,
                Double.NaN),
            new MetricSpec(
                "latency-p99",
                MetricKind.LATENCY,
                null,
                0.99,
                Direction.HIGHER_IS_WORSE,
                new MinEffect(0.10, 5),
                30,
                false,
                Double.NaN)),
        95,
        75,
        50);
  }

  /**
   * The false-alarm level of one test in one step: alpha split evenly (Bonferroni) over every test
   * of every step, so that the union of all possible false FAILs stays below alpha. Each metric is
   * one test, and each SLO limit one more (its guard can FAIL a canary the comparison would not).
   */
  double alphaPerTest() {
    return alpha / ((double) tests() * steps);
  }

  /** The tests of one step: one per metric, plus one per SLO limit. */
  int tests() {
    int slos = 0;
    for (MetricSpec m : metrics) {
      slos += m.hasSlo() ? 1 : 0;
    }
    return metrics.size() + slos;
  }
}
