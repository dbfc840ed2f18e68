package dev.spotter.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * What a check compared and how.
 *
 * @param id the run's id in the store, or empty when it was not stored
 * @param source where the requests came from, such as {@code corpus demo} or {@code har
 *     traffic.har}
 * @param primary base URL of the old build
 * @param secondary base URL of the second copy of the old build, or the primary's when it was asked
 *     twice
 * @param secondaryIsPrimary true when no secondary was given and the primary was asked twice
 * @param candidate base URL of the new build
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param concurrency how many requests were in flight at most
 * @param ratePerSecond the request rate limit, 0 for none
 * @param timeout per request timeout
 * @param allowSideEffects whether methods other than GET, HEAD and OPTIONS were replayed
 */
public record RunInfo(
    String id,
    String source,
    String primary,
    String secondary,
    boolean secondaryIsPrimary,
    String candidate,
    Instant startedAt,
    Instant finishedAt,
    int concurrency,
    double ratePerSecond,
    Duration timeout,
    boolean allowSideEffects) {

  public RunInfo withId(String newId) {
    return new RunInfo(
        newId,
        source,
        primary,
        secondary,
        secondaryIsPrimary,
        candidate,
        startedAt,
        finishedAt,
        concurrency,
        ratePerSecond,
        timeout,
        allowSideEffects);
  }

  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }
}
