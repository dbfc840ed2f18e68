package dev.spotter.canary;

/** Where a canary run is: still moving, held, or over (with its {@link RunVerdict}). */
public enum RunState {
  /** Traffic is split and judged; steps advance as they pass. */
  RUNNING,
  /**
   * Traffic stays split but no step advances: the baseline is failing, a hook halted, or the judge
   * stayed inconclusive; an operator decides (or the cause clears).
   */
  PAUSED,
  PROMOTED,
  ROLLED_BACK,
  ABORTED,
  /** An A/A run that ended without evidence either way (see {@link RunVerdict#NO_EVIDENCE}). */
  NO_EVIDENCE;

  public boolean over() {
    return this == PROMOTED || this == ROLLED_BACK || this == ABORTED || this == NO_EVIDENCE;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
