package dev.spotter.cli;

import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.model.SpotterException;

/**
 * The base URLs a command compares, each from its option or else from {@code targets:} in
 * spotter.yaml; the secondary may be missing, the primary and the candidate may not.
 */
record ChosenTargets(String primary, String secondary, String candidate) {

  /**
   * @param command the command's name, for the message when a URL is missing
   * @param code the error code of that message
   */
  static ChosenTargets of(
      Wiring wiring,
      String command,
      String code,
      String primaryOption,
      String secondaryOption,
      String candidateOption) {
    SpotterConfig.Targets t = wiring.targets().orElse(new SpotterConfig.Targets(null, null, null));
    String primary = primaryOption != null ? primaryOption : t.primary();
    String secondary = secondaryOption != null ? secondaryOption : t.secondary();
    String candidate = candidateOption != null ? candidateOption : t.candidate();
    if (primary == null || candidate == null) {
      throw new SpotterException(
          code,
          command
              + " needs "
              + (primary == null ? "--primary" : "")
              + (primary == null && candidate == null ? " and " : "")
              + (candidate == null ? "--candidate" : "")
              + " (or targets in spotter.yaml)");
    }
    return new ChosenTargets(primary, secondary, candidate);
  }
}
