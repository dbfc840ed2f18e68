package dev.spotter.capture;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads {@code startedDateTime} as the tools write it: {@code Z} or an offset ({@code +02:00},
 * Python's {@code +00:00}, or {@code +0200}), with 0 to 9 fraction digits.
 */
final class HarDates {
  private static final DateTimeFormatter LENIENT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .appendPattern("[XXXXX][XXXX]")
          .toFormatter();

  private HarDates() {}

  static Instant parse(String text, String path) throws EntryProblem {
    try {
      return OffsetDateTime.parse(text, LENIENT).toInstant();
    } catch (DateTimeParseException e) {
      throw new EntryProblem(
          path + " '" + text + "' is not a date and time with an offset (ISO 8601)");
    }
  }
}
