package dev.spotter.canary;

/** How a canary run ended. */
public enum RunVerdict {
  /** The canary reached 100 % of the traffic. */
  PROMOTED,
  /** A judgement failed (or the canary could not be reached) and all traffic went back. */
  ROLLED_BACK,
  /** An operator stopped it, or it could not go on; all traffic went back to the baseline. */
  ABORTED;

  /**
   * The name in report.json and the store: {@code promoted}, {@code rolled_back}, {@code aborted}.
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
