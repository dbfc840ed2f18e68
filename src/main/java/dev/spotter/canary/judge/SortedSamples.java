package dev.spotter.canary.judge;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The sorted, finite copies of the samples of one judge call, made once: the location and the
 * quantile metrics of the same latencies share them, and sorting is most of a call's cost.
 */
final class SortedSamples {
  private final Map<double[], double[]> ascending = new IdentityHashMap<>();
  private final Map<double[], double[]> negated = new IdentityHashMap<>();

  /** The finite values of raw times sign (1 or -1), sorted ascending. */
  double[] of(double[] raw, int sign) {
    Map<double[], double[]> cache = sign == 1 ? ascending : negated;
    return cache.computeIfAbsent(raw, r -> Samples.sortedFinite(r, sign));
  }
}
