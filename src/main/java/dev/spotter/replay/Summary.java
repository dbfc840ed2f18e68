package dev.spotter.replay;

/**
 * The headline of a check.
 *
 * @param requests requests read from the corpus or file
 * @param compared requests answered by every target needed and compared
 * @param skipped requests not replayed (side effects not allowed, body truncated at capture ...):
 *     not covered by the check, which is not the same as undecided
 * @param errors requests replayed but not compared because the primary failed
 * @param regressions findings judged regressions (a change across endpoints counts once)
 * @param verdict see {@link CheckVerdict}
 * @param undecided findings left undecided
 * @param undecidedAccepted the team accepted undecided findings knowingly ({@code
 *     --allow-undecided}): the verdict still says undecided, the exit code is 0, and JUnit lists
 *     the undecided endpoints as skipped rather than as errors
 */
public record Summary(
    long requests,
    long compared,
    long skipped,
    long errors,
    long regressions,
    CheckVerdict verdict,
    long undecided,
    boolean undecidedAccepted) {

  /** A summary with nothing undecided. */
  public Summary(
      long requests,
      long compared,
      long skipped,
      long errors,
      long regressions,
      CheckVerdict verdict) {
    this(requests, compared, skipped, errors, regressions, verdict, 0, false);
  }

  /** A summary whose undecided findings, if any, are not accepted. */
  public Summary(
      long requests,
      long compared,
      long skipped,
      long errors,
      long regressions,
      CheckVerdict verdict,
      long undecided) {
    this(requests, compared, skipped, errors, regressions, verdict, undecided, false);
  }

  /** The same counts under another verdict. */
  public Summary withVerdict(CheckVerdict v) {
    return new Summary(
        requests, compared, skipped, errors, regressions, v, undecided, undecidedAccepted);
  }

  /** The same, with undecided findings accepted or not. */
  public Summary withUndecidedAccepted(boolean accepted) {
    return new Summary(
        requests, compared, skipped, errors, regressions, verdict, undecided, accepted);
  }
}
