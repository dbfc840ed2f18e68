package dev.spotter.canary;

/** How a step ended, or that it is still going. */
public enum StepOutcome {
  /** Judged, still collecting data. */
  IN_PROGRESS,
  /** The judge passed it at its end; the run moved on. */
  PASSED,
  /** The judge failed it: rolled back. */
  FAILED,
  /** The canary could not be reached or answered nothing usable: rolled back. */
  CANARY_UNREACHABLE,
  /** An operator promoted past it. */
  SKIPPED,
  /** An operator aborted the run during it, or a hook halted it. */
  ABORTED,
  /** The final step (100 %): all traffic on the canary; nothing left to compare. */
  FULL
}
