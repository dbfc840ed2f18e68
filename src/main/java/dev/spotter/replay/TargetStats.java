package dev.spotter.replay;

import java.util.Map;

/**
 * How one target behaved over a run.
 *
 * @param role {@code primary}, {@code secondary} or {@code candidate}
 * @param url its base URL
 * @param sent requests sent to it
 * @param answered requests it answered (any status)
 * @param failuresByKind requests it did not answer, by why
 * @param latency latency of its answers
 */
public record TargetStats(
    String role,
    String url,
    long sent,
    long answered,
    Map<FailureKind, Long> failuresByKind,
    LatencySummary latency) {

  public TargetStats {
    failuresByKind = Map.copyOf(failuresByKind);
  }

  public long failures() {
    return failuresByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Sent requests and answered none: the run cannot be trusted, and check exits 2. */
  public boolean neverAnswered() {
    return sent > 0 && answered == 0;
  }

  /**
   * Latency percentiles in milliseconds over answered requests; zeros when none.
   *
   * @param p50 median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param max slowest
   */
  public record LatencySummary(double p50, double p90, double p99, double max) {
    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0);
  }
}
