package dev.spotter.replay;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Counts what one target did over a run and keeps its latencies; safe from several threads. */
final class TargetRecorder {
  private final String role;
  private final String url;
  private final Histogram latencyMicros = new Histogram(3);
  private final Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
  private long sent;
  private long answered;

  TargetRecorder(String role, String url) {
    this.role = role;
    this.url = url;
  }

  synchronized void record(TargetOutcome outcome) {
    sent++;
    if (outcome instanceof TargetOutcome.Answered a) {
      answered++;
      latencyMicros.recordValue(Math.max(0, a.latencyMicros()));
    } else if (outcome instanceof TargetOutcome.Failed f) {
      failures.merge(f.kind(), 1L, Long::sum);
    }
  }

  synchronized TargetStats stats() {
    TargetStats.LatencySummary latency =
        answered == 0
            ? TargetStats.LatencySummary.NONE
            : new TargetStats.LatencySummary(
                millis(latencyMicros.getValueAtPercentile(50)),
                millis(latencyMicros.getValueAtPercentile(90)),
                millis(latencyMicros.getValueAtPercentile(99)),
                millis(latencyMicros.getMaxValue()));
    return new TargetStats(role, url, sent, answered, failures, latency);
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
