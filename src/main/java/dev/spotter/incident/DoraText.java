package dev.spotter.incident;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** Numbers, durations and counts as the figures' sentences show them. Locale-independent. */
final class DoraText {
  private static final double MINUTE = 60;
  private static final double HOUR = 3600;
  private static final double DAY = 86_400;

  private DoraText() {}

  /** One decimal at most ({@code 7.5}, {@code 30}); two significant digits below 0.1. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d =
        Math.abs(v) < 0.1
            ? new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_UP))
            : BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP);
    return d.stripTrailingZeros().toPlainString();
  }

  /** {@code part} of {@code whole} as a percentage: {@code 7.5 %}. */
  static String percent(long part, long whole) {
    return number(100.0 * part / whole) + " %";
  }

  /** "1 deployment", "3 deployments". */
  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  static double hours(Duration d) {
    return seconds(d) / HOUR;
  }

  /** In the largest unit it fills: "45 seconds", "12 minutes", "3.5 hours", "1 day", "40 days". */
  static String duration(Duration d) {
    String[] unit = unit(d);
    String n = unit[0];
    return n + " " + (n.equals("1") ? unit[1] : unit[1] + "s");
  }

  /** "the 30-day window", "the 12-hour window". */
  static String window(Duration d) {
    String[] unit = unit(d);
    return "the " + unit[0] + "-" + unit[1] + " window";
  }

  private static String[] unit(Duration d) {
    double s = seconds(d);
    if (s < MINUTE) {
      return new String[] {number(s), "second"};
    }
    if (s < HOUR) {
      return new String[] {number(s / MINUTE), "minute"};
    }
    if (s < DAY) {
      return new String[] {number(s / HOUR), "hour"};
    }
    return new String[] {number(s / DAY), "day"};
  }
}
