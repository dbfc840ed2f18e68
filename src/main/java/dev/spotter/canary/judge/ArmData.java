package dev.spotter.canary.judge;

import java.util.Map;

/**
 * What one arm showed during the current step so far. The judge never modifies the arrays.
 *
 * @param requests requests served; {@code requests >= errors >= 0}
 * @param errors 5xx answers, connection errors and timeouts
 * @param latenciesMs one per answered request: a sample, possibly a uniform reservoir when traffic
 *     is large, so it may be shorter than {@code requests}; non-finite entries are ignored; null is
 *     read as none
 * @param values samples for VALUE metrics by source key (an absent key means no samples); null is
 *     read as none
 */
public record ArmData(
    long requests, long errors, double[] latenciesMs, Map<String, double[]> values) {
  private static final double[] NONE = new double[0];

  public ArmData {
    if (errors < 0 || requests < errors) {
      throw new IllegalArgumentException(
          "arm data: need requests >= errors >= 0, not requests "
              + requests
              + " and errors "
              + errors);
    }
    latenciesMs = latenciesMs == null ? NONE : latenciesMs;
    values = values == null ? Map.of() : values;
  }

  /** The samples of a VALUE source, empty when absent. */
  double[] values(String source) {
    double[] v = values.get(source);
    return v == null ? NONE : v;
  }
}
