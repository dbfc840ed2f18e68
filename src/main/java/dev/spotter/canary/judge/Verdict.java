package dev.spotter.canary.judge;

/**
 * The outcome of judging a metric or a step. INCONCLUSIVE never promotes nor rolls back: the step
 * is extended.
 */
public enum Verdict {
  /** Demonstrably not worse than the baseline by more than the minimum effect. */
  PASS,
  /** Demonstrably worse than the baseline by more than the minimum effect, or an SLO breach. */
  FAIL,
  /** Too little data or too little evidence either way, so far. */
  INCONCLUSIVE
}
