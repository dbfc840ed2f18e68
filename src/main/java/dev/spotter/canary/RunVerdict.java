package dev.spotter.canary;

/** How a canary run ended. */
public enum RunVerdict {
  /** The canary reached 100 % of the traffic. */
  PROMOTED,
  /** A judgement failed (or the canary could not be reached) and all traffic went back. */
  ROLLED_BACK,
  /** An operator stopped it, or it could not go on; all traffic went back to the baseline. */
  ABORTED,
  /**
   * An A/A run that ended without evidence either way: too little traffic for the judge (or any
   * re-split of it) to reach a decision, so nothing is shown about false alarms.
   */
  NO_EVIDENCE;

  /**
   * The name in report.json and the store: {@code promoted}, {@code rolled_back}, {@code aborted},
   * {@code no_evidence}.
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
