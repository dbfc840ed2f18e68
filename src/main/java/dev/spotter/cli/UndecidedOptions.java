package dev.spotter.cli;

import dev.spotter.cli.config.DurationValue;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.diff.EndpointPattern;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.RepeatSettings;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * How a check or a shadow asks again to decide what traffic left undecided, and whether findings
 * still undecided after that are accepted: flags over spotter.yaml's {@code replay} section over
 * defaults, resolved once.
 */
final class UndecidedOptions {
  @Option(
      names = "--allow-undecided",
      description =
          "exit 0 when findings stay undecided after asking again (the verdict still says"
              + " 'undecided', never 'pass'); default: exit 2 with one line on stderr")
  Boolean allowUndecided;

  @Option(
      names = "--max-repeats",
      paramLabel = "N",
      description =
          "ask one request again at most N times to decide an undecided finding (default 32; 0"
              + " turns asking again off)")
  Integer maxRepeats;

  @Option(
      names = "--repeat-budget",
      paramLabel = "N",
      description = "exchanges asked again per run at most (default 2000)")
  Long repeatBudget;

  @Option(
      names = "--repeat-time",
      paramLabel = "DURATION",
      description = "time spent asking again per run at most, such as 30s (default 2m)")
  String repeatTime;

  /** Flags over {@code replay.repeats} and {@code replay.idempotent} over the defaults. */
  RepeatSettings repeatSettings(Wiring wiring, String usageCode) {
    RepeatSettings r = RepeatSettings.defaults();
    SpotterConfig.Replay c = wiring.replay().orElse(null);
    SpotterConfig.Repeats fromConfig = c == null ? null : c.repeats();
    if (fromConfig != null) {
      if (fromConfig.perRequest() != null) {
        r = r.withPerRequest(fromConfig.perRequest());
      }
      if (fromConfig.maxExchanges() != null) {
        r = r.withMaxExchanges(fromConfig.maxExchanges());
      }
      if (fromConfig.maxTime() != null) {
        r = r.withMaxTime(fromConfig.maxTime().duration());
      }
    }
    if (c != null && c.idempotent() != null) {
      r = r.withIdempotent(c.idempotent().stream().map(EndpointPattern::parse).toList());
    }
    RepeatSettings fromFile = r;
    if (maxRepeats != null) {
      r = option(usageCode, "--max-repeats", () -> fromFile.withPerRequest(maxRepeats));
    }
    RepeatSettings withCount = r;
    if (repeatBudget != null) {
      r = option(usageCode, "--repeat-budget", () -> withCount.withMaxExchanges(repeatBudget));
    }
    RepeatSettings withBudget = r;
    if (repeatTime != null) {
      r =
          option(
              usageCode,
              "--repeat-time",
              () -> withBudget.withMaxTime(DurationValue.parse(repeatTime).duration()));
    }
    return r;
  }

  /** {@code --allow-undecided} over {@code replay.allowUndecided}; default false. */
  boolean allowUndecided(Wiring wiring) {
    if (allowUndecided != null) {
      return allowUndecided;
    }
    return wiring
        .replay()
        .map(SpotterConfig.Replay::allowUndecided)
        .map(Boolean::booleanValue)
        .orElse(false);
  }

  private static <T> T option(String code, String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException | SpotterException e) {
      throw new SpotterException(code, name + ": " + e.getMessage());
    }
  }
}
