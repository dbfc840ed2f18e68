package dev.spotter.canary;

/**
 * The hooks of a canary run; any may be null.
 *
 * @param preStep asked before each step's share of traffic moves to the canary
 * @param promotion asked before the canary gets all traffic
 * @param rollback told after traffic went back to the baseline (its answer cannot undo that)
 */
public record Hooks(Hook preStep, Hook promotion, Hook rollback) {
  public static final Hooks NONE = new Hooks(null, null, null);
}
