package dev.spotter.replay;

import java.time.Duration;

/**
 * What asking again cost a check, and why it stopped.
 *
 * @param exchanges exchanges sent again (each the same request to the three builds)
 * @param requests distinct requests asked again
 * @param rounds rounds of asking: after each the findings were judged again, and only what was
 *     still undecided was asked for
 * @param elapsed time spent asking again
 * @param errors exchanges sent again that could not be compared (the primary gave no answer)
 * @param endedBecause why asking stopped with findings still undecided (a budget spent, a write
 *     replayed, asking again off), or null when nothing was left undecided
 * @param limits the bounds it ran under
 */
public record Repeats(
    long exchanges,
    long requests,
    int rounds,
    Duration elapsed,
    long errors,
    String endedBecause,
    RepeatSettings limits) {

  /** Nothing asked again, nothing needed. */
  public static Repeats none(RepeatSettings limits) {
    return new Repeats(0, 0, 0, Duration.ZERO, 0, null, limits);
  }

  /** Whether anything was asked again. */
  public boolean any() {
    return exchanges > 0;
  }
}
