package dev.spotter.diff.noise;

/**
 * The thresholds that decide whether the candidate's differences on a path exceed what the
 * secondary shows. A path is a regression only when every test passes.
 *
 * @param minRelativeExcess (candidate - noise) / (candidate + noise) must exceed this (Diffy's
 *     0.20)
 * @param minAbsoluteExcess (candidate - noise) / asks of the endpoint must exceed this (Diffy's
 *     0.0003, that is 0.03 %)
 * @param significance the chance of any false regression in a whole run, shared by its tests
 *     (endpoints first, then their paths; see GatedTests); also the level a difference must be
 *     shown not to come back at, to be called noise
 * @param examplesPerFinding how many example exchanges a finding keeps
 */
public record NoiseSettings(
    double minRelativeExcess,
    double minAbsoluteExcess,
    double significance,
    int examplesPerFinding) {

  public NoiseSettings {
    requireFraction("minRelativeExcess", minRelativeExcess);
    requireFraction("minAbsoluteExcess", minAbsoluteExcess);
    if (!(significance > 0 && significance < 1)) {
      throw new IllegalArgumentException("significance must lie in (0, 1): " + significance);
    }
    if (examplesPerFinding < 1 || examplesPerFinding > 100) {
      throw new IllegalArgumentException(
          "examplesPerFinding must lie in 1..100: " + examplesPerFinding);
    }
  }

  public static NoiseSettings defaults() {
    return new NoiseSettings(0.20, 0.0003, 0.01, 5);
  }

  private static void requireFraction(String name, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1): " + v);
    }
  }
}
