package dev.spotter.replay;

/**
 * Told how far a check has come, a few times a second at most and once at the end, always from the
 * thread that called {@link ReplayEngine#run}.
 */
@FunctionalInterface
public interface ReplayProgress {
  /** Reports nothing. */
  ReplayProgress NONE = (done, total) -> {};

  /**
   * @param done exchanges finished: compared, failed or skipped
   * @param total exchanges expected, as given to {@code run}; may be smaller than {@code done} or
   *     negative when the source could not tell
   */
  void update(long done, long total);

  /**
   * Told how far asking again has come, from any thread: called after each request's asks of a
   * round.
   *
   * @param done asks of this round finished
   * @param planned asks of this round planned
   */
  default void asking(long done, long planned) {}
}
