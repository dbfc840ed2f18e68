package dev.spotter.canary.judge;

/** Which way a metric gets worse. Error rates and latencies always get worse when higher. */
public enum Direction {
  HIGHER_IS_WORSE,
  LOWER_IS_WORSE
}
