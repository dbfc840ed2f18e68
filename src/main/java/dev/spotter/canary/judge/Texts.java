package dev.spotter.canary.judge;

import java.util.Locale;

/** Number formatting for reasons and error messages: one place, one locale. */
final class Texts {
  private Texts() {}

  /** A number as plainly as possible: 90 rather than 90.0, at most 6 significant digits. */
  static String plain(double x) {
    return significant(x, 6);
  }

  /** x with at most {@code digits} significant digits and no trailing zeros. */
  static String significant(double x, int digits) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    String s = format("%." + digits + "g", x);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + s.substring(e);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The coverage of a two-sided interval whose ends each miss with probability alpha. */
  static String level(double alphaPerSide) {
    double miss = 2 * alphaPerSide;
    int decimals = Math.max(1, (int) Math.ceil(-Math.log10(miss)) - 2);
    return format("%." + decimals + "f %%", 100 * (1 - miss));
  }

  /** A p-value with two significant digits, or "< 1e-12" below that. */
  static String p(double p) {
    if (p < 1e-12) {
      return "< 1e-12";
    }
    return p >= 0.01 ? format("%.2f", p) : format("%.1e", p);
  }

  /** A quantile's name: 0.99 is "p99", 0.999 is "p99.9", 0.5 is "p50". */
  static String quantileName(double q) {
    return "p" + plain(100 * q);
  }

  /** How values of a unit are written. */
  enum Unit {
    MS("ms"),
    RATIO("ratio"),
    NONE("");

    final String code;

    Unit(String code) {
      this.code = code;
    }

    /** A value, e.g. "101.0 ms", "2.50 %", "3.142". */
    String value(double x) {
      return switch (this) {
        case MS -> format("%.1f ms", x);
        case RATIO -> format("%.2f %%", 100 * x);
        case NONE -> sig(x);
      };
    }

    /** An unsigned amount of difference, e.g. "31.2 ms", "1.00 point". */
    String amount(double x) {
      return switch (this) {
        case MS -> format("%.1f ms", x);
        case RATIO -> format("%.2f point%s", 100 * x, Math.abs(100 * x - 1) < 5e-3 ? "" : "s");
        case NONE -> sig(x);
      };
    }

    /** A signed difference without its unit, e.g. "+31.2", "-0.85". */
    String signedBare(double x) {
      return switch (this) {
        case MS -> format("%+.1f", x);
        case RATIO -> format("%+.2f", 100 * x);
        case NONE -> (x >= 0 ? "+" : "") + sig(x);
      };
    }

    /** A signed difference, e.g. "+31.2 ms", "+2.00 points". */
    String signed(double x) {
      return signedBare(x) + suffix();
    }

    /** A range of unsigned amounts, e.g. "27.9 to 34.6 ms", "1.12 to 2.88 points". */
    String range(double lo, double hi) {
      return switch (this) {
        case MS -> format("%.1f to %.1f ms", lo, hi);
        case RATIO -> format("%.2f to %.2f points", 100 * lo, 100 * hi);
        case NONE -> sig(lo) + " to " + sig(hi);
      };
    }

    /** An interval of differences, e.g. "-0.8 to +3.1 ms". */
    String interval(double lo, double hi) {
      return signedBare(lo) + " to " + signedBare(hi) + suffix();
    }

    private String suffix() {
      return switch (this) {
        case MS -> " ms";
        case RATIO -> " points";
        case NONE -> "";
      };
    }

    private static String sig(double x) {
      return significant(x, 4);
    }
  }
}
