package dev.spotter.web.view;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the templates write times and numbers: UTC, minutes, one decimal; a dash for nothing. */
public final class Show {
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Show() {}

  /** {@code 2026-11-20 14:03 UTC}, or a dash. */
  public static String time(Instant at) {
    return at == null ? "–" : MINUTES.format(at) + " UTC";
  }

  /**
   * As a form shows it: {@code 2026-11-20 14:03} when it falls on a minute, the full ISO instant
   * otherwise, so that saving a form unchanged never rounds a time.
   */
  public static String formTime(Instant at) {
    if (at == null) {
      return "";
    }
    return at.getEpochSecond() % 60 == 0 && at.getNano() == 0 ? MINUTES.format(at) : at.toString();
  }

  public static String date(LocalDate d) {
    return d == null ? "–" : d.toString();
  }

  /** One decimal, without a trailing {@code .0}; a dash for NaN. */
  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  public static String percent(double share) {
    return number(share * 100) + " %";
  }

  public static String millis(double ms) {
    return Double.isNaN(ms) ? "–" : number(ms) + " ms";
  }

  /** A lower-case name for an enum constant: {@code SEV2} becomes {@code sev2}. */
  public static String lower(Enum<?> e) {
    return e == null ? "–" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Text or a dash, for optional fields. */
  public static String or(String text) {
    return text == null || text.isBlank() ? "–" : text;
  }
}
