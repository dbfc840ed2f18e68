package dev.spotter.diff.noise;

/**
 * What a finding's differences of the old build are put down to, when it is more than plain
 * nondeterminism: the copies' states drifted apart, or a value each copy holds for itself. Reports
 * label a finding with it; its verdict says what the check makes of it.
 */
public enum FindingCause {
  /** Nothing beyond what the verdict and its reason say. */
  NONE("none"),
  /**
   * Seen after a write reached some targets and not the others: the copies may simply not hold what
   * the primary holds, which is neither the old build's nondeterminism nor the change under test.
   */
  STATE_DRIFT("state_drift"),
  /**
   * The old build's copies each keep their own value here (one per copy, across requests and asks):
   * a host name, an instance id, a copy's own state; not per-call randomness.
   */
  PER_INSTANCE("per_instance");

  private final String jsonName;

  FindingCause(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  /** The cause named {@code name} in a report; an absent name is {@link #NONE}. */
  public static FindingCause fromJsonName(String name) {
    if (name == null) {
      return NONE;
    }
    for (FindingCause c : values()) {
      if (c.jsonName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown finding cause '" + name + "'");
  }
}
