package dev.spotter.canary.judge;

/**
 * One metric's judgement, explained.
 *
 * @param metric the metric's name
 * @param kind the metric's kind
 * @param verdict PASS, FAIL or INCONCLUSIVE
 * @param critical whether a FAIL of this metric fails the step whatever the score
 * @param weight the metric's weight in the step's score
 * @param baselineN requests (ERROR_RATE) or samples (LATENCY, VALUE) of the baseline
 * @param canaryN the same for the canary
 * @param test the test's name, e.g. "Mann-Whitney U, mSPRT"
 * @param baselineValue the baseline's point value: rate, median or quantile
 * @param canaryValue the canary's point value
 * @param estimate the effect, canary minus baseline in the metric's unit (also for LOWER_IS_WORSE)
 * @param lower the lower end of the effect's anytime-valid confidence interval; NaN when undefined
 *     (too little data for a bound yet)
 * @param upper the upper end; NaN when undefined
 * @param threshold the effect beyond which the canary counts as worse (negative for
 *     LOWER_IS_WORSE); NaN when undefined
 * @param pValue the always-valid p-value of "the canary is worse beyond the threshold" (1 when
 *     none); compared with the metric's share of alpha
 * @param unit "ms", "ratio" (an error rate as a fraction) or "" for values
 * @param reason one plain English sentence
 */
public record MetricJudgement(
    String metric,
    MetricKind kind,
    Verdict verdict,
    boolean critical,
    double weight,
    long baselineN,
    long canaryN,
    String test,
    double baselineValue,
    double canaryValue,
    double estimate,
    double lower,
    double upper,
    double threshold,
    double pValue,
    String unit,
    String reason) {}
