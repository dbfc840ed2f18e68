package dev.spotter.canary.judge;

/**
 * One metric the judge compares between the arms.
 *
 * @param name unique, non-blank; names the metric in reasons and reports
 * @param kind what is measured
 * @param source for VALUE the key into {@link ArmData#values()}; null for the other kinds
 * @param quantile {@code Double.NaN} compares locations (Mann-Whitney U test with the
 *     Hodges-Lehmann shift); a value in (0, 1), e.g. 0.99, compares that quantile (a tail test).
 *     Must be NaN for ERROR_RATE
 * @param direction which way is worse; always HIGHER_IS_WORSE for ERROR_RATE and LATENCY
 * @param minEffect the smallest harm that counts
 * @param weight > 0; the metric's share of the step's score (the weights add up to 100)
 * @param critical a FAIL of this metric fails the step whatever the score
 * @param sloLimit {@code Double.NaN} for none; otherwise a hard limit on the canary's own value
 *     (error-rate fraction; the quantile, or the median when quantile is NaN, in ms or the value's
 *     unit). Beyond it the metric FAILs whatever the baseline shows
 */
public record MetricSpec(
    String name,
    MetricKind kind,
    String source,
    double quantile,
    Direction direction,
    MinEffect minEffect,
    double weight,
    boolean critical,
    double sloLimit) {

  public MetricSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("metric name: must not be blank, not '" + name + "'");
    }
    String where = "metric '" + name + "': ";
    if (kind == null) {
      throw new IllegalArgumentException(where + "kind: must be set");
    }
    if (kind == MetricKind.VALUE && (source == null || source.isBlank())) {
      throw new IllegalArgumentException(where + "source: a VALUE metric needs a source key");
    }
    if (kind != MetricKind.VALUE && source != null) {
      throw new IllegalArgumentException(
          where + "source: must be null for " + kind + ", not '" + source + "'");
    }
    if (!Double.isNaN(quantile) && !(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException(
          where + "quantile: must be NaN or in (0, 1), not " + Texts.plain(quantile));
    }
    if (kind == MetricKind.ERROR_RATE && !Double.isNaN(quantile)) {
      throw new IllegalArgumentException(
          where
              + "quantile: an error rate is a share of requests and has no quantile; leave it"
              + " out (NaN), not "
              + Texts.plain(quantile));
    }
    if (direction == null) {
      throw new IllegalArgumentException(where + "direction: must be set");
    }
    if (kind != MetricKind.VALUE && direction != Direction.HIGHER_IS_WORSE) {
      throw new IllegalArgumentException(
          where + "direction: " + kind + " is always HIGHER_IS_WORSE, not " + direction);
    }
    if (minEffect == null) {
      throw new IllegalArgumentException(where + "minEffect: must be set");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          where + "weight: must be a finite number > 0, not " + Texts.plain(weight));
    }
    if (Double.isInfinite(sloLimit)) {
      throw new IllegalArgumentException(
          where + "sloLimit: must be NaN (none) or finite, not " + Texts.plain(sloLimit));
    }
    if (kind == MetricKind.ERROR_RATE && !Double.isNaN(sloLimit) && !(sloLimit >= 0)) {
      throw new IllegalArgumentException(
          where + "sloLimit: an error-rate limit is a fraction >= 0, not " + Texts.plain(sloLimit));
    }
  }

  /** Whether this metric compares a quantile rather than locations. */
  boolean comparesQuantile() {
    return !Double.isNaN(quantile);
  }

  /** Whether this metric has an SLO limit. */
  boolean hasSlo() {
    return !Double.isNaN(sloLimit);
  }

  boolean lowerIsWorse() {
    return direction == Direction.LOWER_IS_WORSE;
  }
}
