package dev.spotter.diff.noise;

/** The judgement on one (path, kind) of an endpoint. */
public enum Verdict {
  /** The candidate changed behaviour the old build does not vary: the change under test. */
  REGRESSION("regression"),
  /**
   * The candidate differs where the old build did not, but on too few requests to tell a change
   * from rare nondeterminism. It does not fail a check; the report asks a person to look.
   */
  INCONCLUSIVE("inconclusive"),
  /** The old build varies here as much as the candidate does: nondeterminism, not the change. */
  NOISE("noise");

  private final String jsonName;

  Verdict(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
