package dev.spotter.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Duration;
import java.util.Locale;

/** A duration written as {@code 250ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
public record DurationValue(Duration duration) {

  @JsonCreator
  public static DurationValue parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return of(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim())));
      }
      if (t.endsWith("s")) {
        return of(Duration.ofMillis(Math.round(Double.parseDouble(strip(t)) * 1000)));
      }
      if (t.endsWith("m")) {
        return of(Duration.ofMillis(Math.round(Double.parseDouble(strip(t)) * 60_000)));
      }
      if (t.endsWith("h")) {
        return of(Duration.ofMillis(Math.round(Double.parseDouble(strip(t)) * 3_600_000)));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration: write it like 500ms, 10s, 2m or 1h");
  }

  private static String strip(String t) {
    return t.substring(0, t.length() - 1).trim();
  }

  private static DurationValue of(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a duration must be positive: " + d);
    }
    return new DurationValue(d);
  }
}
