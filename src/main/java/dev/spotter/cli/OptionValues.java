package dev.spotter.cli;

import dev.spotter.cli.config.DurationValue;
import dev.spotter.cli.config.SizeValue;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.ForwardTarget;
import dev.spotter.proxy.ListenAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Parses option values given as text, naming the option in the one-line error a user sees: {@code
 * --timeout: '5 s' is not a duration: write it like 500ms, 10s, 2m or 1h}.
 */
final class OptionValues {
  private OptionValues() {}

  static Duration duration(String option, String text) {
    return parse(option, () -> DurationValue.parse(text).duration());
  }

  static long size(String option, String text) {
    return parse(option, () -> SizeValue.parse(text).bytes());
  }

  static InetSocketAddress listen(String option, String text) {
    return parse(option, () -> ListenAddress.parse(text));
  }

  static ForwardTarget url(String option, String text) {
    return parse(option, () -> ForwardTarget.parse(text));
  }

  static EndpointPattern pattern(String option, String text) {
    return parse(option, () -> EndpointPattern.parse(text));
  }

  static Double share(String option, double value) {
    if (!(value > 0 && value <= 1)) {
      throw usage(option, "a share in (0, 1], such as 0.05 for 5 %, not " + value);
    }
    return value;
  }

  static Integer within(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw usage(option, "must lie in " + min + ".." + max + ", not " + value);
    }
    return value;
  }

  static <T> T parse(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw usage(option, e.getMessage());
    }
  }

  static SpotterException usage(String option, String message) {
    return new SpotterException("usage", option + ": " + message);
  }
}
