package dev.spotter.incident;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The moments of an incident as people write them, on the command line and in the dashboard. */
public final class IncidentTimes {
  private IncidentTimes() {}

  /**
   * Reads ISO-8601 ({@code 2026-11-20T14:03:00Z}) or {@code 2026-11-20 14:03} (taken as UTC).
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static Instant parse(String text) {
    String t = text == null ? "" : text.strip();
    Instant at;
    try {
      at = Instant.parse(t);
    } catch (DateTimeParseException notAnInstant) {
      try {
        at = LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a time; write 2026-11-20 14:03 (UTC) or 2026-11-20T14:03:00Z");
      }
    }
    if (at.isBefore(EARLIEST) || !at.isBefore(LATEST)) {
      throw new IllegalArgumentException(
          "'" + text + "' lies outside the years 1970 to 9999 that an incident can have");
    }
    return at;
  }

  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");
}
