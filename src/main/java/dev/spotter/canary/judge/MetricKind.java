package dev.spotter.canary.judge;

/** What a metric measures, which decides the test used to judge it. */
public enum MetricKind {
  /** The share of requests that failed (5xx, connection error, timeout). */
  ERROR_RATE,
  /** The latency of answered requests, in milliseconds. */
  LATENCY,
  /** Samples of any other value, taken from {@link ArmData#values()} by the metric's source. */
  VALUE
}
