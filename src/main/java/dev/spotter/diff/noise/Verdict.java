package dev.spotter.diff.noise;

/** The judgement on one (path, kind) of an endpoint. */
public enum Verdict {
  /** The candidate changed behaviour the old build does not vary: the change under test. */
  REGRESSION("regression"),
  /**
   * Neither shown to be a change nor shown to be noise, even after asking again as far as the
   * budget and the request allowed. It is no pass: a check with an undecided finding ends without a
   * verdict (exit code 2) unless the team accepts it knowingly.
   */
  UNDECIDED("undecided"),
  /** The old build varies here as much as the candidate does: nondeterminism, not the change. */
  NOISE("noise");

  private final String jsonName;

  Verdict(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  /**
   * The verdict named {@code name} in a report; "inconclusive" is what older reports called
   * undecided.
   */
  public static Verdict fromJsonName(String name) {
    for (Verdict v : values()) {
      if (v.jsonName.equals(name)) {
        return v;
      }
    }
    if ("inconclusive".equals(name)) {
      return UNDECIDED;
    }
    throw new IllegalArgumentException("unknown verdict '" + name + "'");
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
