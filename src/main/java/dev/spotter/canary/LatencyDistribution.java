package dev.spotter.canary;

import java.util.List;

/**
 * One arm's latencies during a step, summarised from its HdrHistogram for reports: quantiles and
 * the counts per latency bucket (log-spaced upper bounds in ms) to draw.
 *
 * @param count latencies recorded
 * @param p50Ms median; NaN when count is 0 (likewise the other quantiles)
 * @param buckets counts per bucket, in rising order of upper bound; empty when count is 0
 */
public record LatencyDistribution(
    long count,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    List<Bucket> buckets) {

  /** Latencies up to {@code upperMs} (and above the bucket before). */
  public record Bucket(double upperMs, long count) {}
}
