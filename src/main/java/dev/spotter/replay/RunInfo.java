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
 * @param mode {@code check} for a replayed corpus, {@code shadow} for live traffic mirrored as it
 *     came (then {@code concurrency} is the mirror queue and {@code timeout} the mirror timeout)
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
    boolean allowSideEffects,
    String mode) {

  /** The mode of a check. */
  public static final String CHECK = "check";

  /** The mode of a shadow of live traffic. */
  public static final String SHADOW = "shadow";

  public RunInfo {
    mode = mode == null || mode.isBlank() ? CHECK : mode;
  }

  /** A check's run. */
  public RunInfo(
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
    this(
        id,
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
        allowSideEffects,
        CHECK);
  }

  /** A check's run under {@code settings}, with no id yet. */
  static RunInfo ofCheck(
      ReplaySettings settings, String source, Instant startedAt, Instant finishedAt) {
    String primary = ReplayTarget.parse("primary", settings.primary()).url();
    return new RunInfo(
        "",
        source,
        primary,
        settings.hasSecondary()
            ? ReplayTarget.parse("secondary", settings.secondary()).url()
            : primary,
        !settings.hasSecondary(),
        ReplayTarget.parse("candidate", settings.candidate()).url(),
        startedAt,
        finishedAt,
        settings.concurrency(),
        settings.ratePerSecond(),
        settings.timeout(),
        settings.allowSideEffects());
  }

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
        allowSideEffects,
        mode);
  }

  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }
}
