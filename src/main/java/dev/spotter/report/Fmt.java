package dev.spotter.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers, rates, sizes and times as people read them in the HTML, Markdown and XML reports. */
final class Fmt {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** 1234567 as {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code part} of {@code whole} as a percentage: {@code 12.5 %}, {@code <0.1 %}, {@code 0 %}. */
  static String percent(long part, long whole) {
    if (whole <= 0 || part <= 0) {
      return "0 %";
    }
    return percent((double) part / whole);
  }

  /** A fraction as a percentage with one decimal, or a bound when too small to show. */
  static String percent(double fraction) {
    if (!Double.isFinite(fraction) || fraction <= 0) {
      return "0 %";
    }
    double p = fraction * 100;
    if (p < 0.1) {
      return "<0.1 %";
    }
    if (p >= 99.95 && fraction < 1) {
      return ">99.9 %";
    }
    return String.format(Locale.ROOT, "%.1f %%", p).replace(".0 %", " %");
  }

  /** A byte count: {@code 812 B}, {@code 64.0 KiB}, {@code 5.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024L * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.1f GiB", n / (1024.0 * 1024 * 1024));
  }

  /** Milliseconds with a precision that suits their size. */
  static String millis(double ms) {
    if (!Double.isFinite(ms) || ms < 0) {
      return "–";
    }
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    return String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  /** Latency in microseconds as milliseconds. */
  static String micros(long us) {
    return us < 0 ? "–" : millis(us / 1000.0);
  }

  /** A run length: {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
  static String duration(Duration d) {
    if (d == null || d.isNegative()) {
      return "–";
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.getSeconds();
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** An instant in UTC, to the second. */
  static String instant(Instant t) {
    return t == null ? "–" : WHEN.format(t);
  }

  /**
   * The p-value of a finding's sign test; {@code n/a} when no test was run because the candidate
   * never differed on the path.
   */
  static String pValue(double p, long candidateCount) {
    if (!Double.isFinite(p) || candidateCount == 0) {
      return "n/a";
    }
    if (p < 0.0001) {
      return "<0.0001";
    }
    return String.format(Locale.ROOT, "%.4f", p);
  }

  /** {@code 1 regression}, {@code 2 regressions}. */
  static String plural(long n, String one, String many) {
    return count(n) + " " + (n == 1 ? one : many);
  }

  /** The usual reason phrase of a status code, or empty. */
  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
