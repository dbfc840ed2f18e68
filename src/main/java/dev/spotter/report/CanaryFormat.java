package dev.spotter.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The judge's figures as people read them in the canary report: milliseconds, error rates as
 * percentages (the judge's unit {@code ratio} is a fraction) and differences of error rates as
 * percentage points, effects with their interval. A figure that is not a number is shown as {@code
 * –}, never as {@code NaN}.
 */
final class CanaryFormat {
  static final String NONE = "–";
  private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_EVEN);

  private CanaryFormat() {}

  /**
   * A plain number: three significant digits below 100, whole numbers above ({@code 0.352}, {@code
   * 31.2}, {@code 1235}); {@code –} when not finite.
   */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return NONE;
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%d", Math.round(v));
    }
    return new BigDecimal(v).round(THREE).stripTrailingZeros().toPlainString();
  }

  /** A value in the judge's unit: {@code 31.2 ms}, {@code 1.25 %} for a ratio, {@code 7.5}. */
  static String value(double v, String unit) {
    if (!Double.isFinite(v)) {
      return NONE;
    }
    return scaled(v, unit) + suffix(unit);
  }

  /**
   * A difference between the arms in the judge's unit: {@code 31.2 ms}, {@code 0.5 pp} for ratios
   * (percentage points: a 1 % error rate going to 1.5 % is 0.5 pp worse, not 0.5 %).
   */
  static String difference(double v, String unit) {
    if (!Double.isFinite(v)) {
      return NONE;
    }
    return scaled(v, unit) + ("ratio".equals(unit) ? " pp" : suffix(unit));
  }

  /**
   * An effect (canary minus baseline) and its interval, the bounds without the unit: {@code 31.2 ms
   * [27.9, 34.6]}, {@code 1.1 pp [0.4, 1.8]}; the interval is left out when neither bound is known.
   */
  static String effect(double estimate, double lower, double upper, String unit) {
    String shown = difference(estimate, unit);
    if (!Double.isFinite(lower) && !Double.isFinite(upper)) {
      return shown;
    }
    return shown + " [" + scaled(lower, unit) + ", " + scaled(upper, unit) + "]";
  }

  /** A p-value to four places, {@code <0.0001} below that, {@code –} when no test gave one. */
  static String pValue(double p) {
    // Fmt's finding form needs a count only to say "no test"; a finite p here always had one.
    return Double.isFinite(p) ? Fmt.pValue(p, 1) : NONE;
  }

  /** A share of the traffic given in percent: {@code 5 %}, {@code 0.25 %}, {@code 100 %}. */
  static String percent(double percent) {
    return Double.isFinite(percent) ? number(percent) + " %" : NONE;
  }

  /** A latency on an axis: {@code 0.5 ms}, {@code 20 ms}, {@code 1 s}, {@code 2.5 s}. */
  static String millis(double ms) {
    return ms >= 1000 ? number(ms / 1000) + " s" : number(ms) + " ms";
  }

  private static String scaled(double v, String unit) {
    return number("ratio".equals(unit) ? v * 100 : v);
  }

  private static String suffix(String unit) {
    if ("ratio".equals(unit)) {
      return " %";
    }
    return unit == null || unit.isEmpty() ? "" : " " + Escape.clean(unit);
  }
}
