package dev.spotter.canary.judge;

/**
 * The smallest harm worth a rollback: the canary counts as worse only when it is worse than the
 * baseline by more than {@code relative} (a fraction: 0.10 = 10 %) of the baseline's value AND by
 * more than {@code absolute} (in the metric's unit: ms for LATENCY, a fraction of requests for
 * ERROR_RATE, the value's own unit for VALUE). The effect threshold is therefore {@code
 * max(relative * |baseline|, absolute)}. Both are >= 0 and finite.
 */
public record MinEffect(double relative, double absolute) {
  public MinEffect {
    if (!(relative >= 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException(
          "minEffect.relative: must be a finite number >= 0, not " + Texts.plain(relative));
    }
    if (!(absolute >= 0) || Double.isInfinite(absolute)) {
      throw new IllegalArgumentException(
          "minEffect.absolute: must be a finite number >= 0, not " + Texts.plain(absolute));
    }
  }

  /** The effect beyond which the canary counts as worse, given the baseline's value. */
  double threshold(double baselineValue) {
    return Math.max(relative * Math.abs(baselineValue), absolute);
  }
}
