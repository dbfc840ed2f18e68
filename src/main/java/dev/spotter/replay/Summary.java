package dev.spotter.replay;

/**
 * The headline of a check.
 *
 * @param requests requests read from the corpus or file
 * @param compared requests answered by every target needed and compared
 * @param skipped requests not replayed (side effects not allowed, body truncated at capture ...)
 * @param errors requests replayed but not compared because the primary or the secondary failed
 * @param regressions findings judged regressions, over all endpoints
 * @param verdict pass when everything was compared and there are no regressions, fail when there
 *     are, incomplete when nothing was compared or a target never answered
 */
public record Summary(
    long requests,
    long compared,
    long skipped,
    long errors,
    long regressions,
    CheckVerdict verdict) {}
