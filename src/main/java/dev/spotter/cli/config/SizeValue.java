package dev.spotter.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** A size in bytes written as {@code 1048576}, {@code 512KiB}, {@code 10MiB} or {@code 1GiB}. */
public record SizeValue(long bytes) {

  @JsonCreator
  public static SizeValue parse(String text) {
    String t = text == null ? "" : text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    long factor = 1;
    String number = t;
    if (lower.endsWith("kib") || lower.endsWith("kb")) {
      factor = 1024;
      number = t.substring(0, t.length() - (lower.endsWith("kib") ? 3 : 2));
    } else if (lower.endsWith("mib") || lower.endsWith("mb")) {
      factor = 1024 * 1024;
      number = t.substring(0, t.length() - (lower.endsWith("mib") ? 3 : 2));
    } else if (lower.endsWith("gib") || lower.endsWith("gb")) {
      factor = 1024L * 1024 * 1024;
      number = t.substring(0, t.length() - (lower.endsWith("gib") ? 3 : 2));
    } else if (lower.endsWith("b")) {
      number = t.substring(0, t.length() - 1);
    }
    try {
      long value = Long.parseLong(number.trim());
      if (value <= 0) {
        throw new IllegalArgumentException("a size must be positive: '" + text + "'");
      }
      return new SizeValue(Math.multiplyExact(value, factor));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: write it like 1048576, 512KiB or 10MiB");
    }
  }

  @JsonCreator
  public static SizeValue of(long bytes) {
    return parse(Long.toString(bytes));
  }
}
