package dev.spotter.canary;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} values from a stream of any length (Vitter's
 * algorithm R): every value seen so far is in the sample with the same probability. Below the
 * capacity it holds every value. Not thread-safe; {@link ArmTally} guards it.
 */
final class Reservoir {
  private final double[] values;
  private final SplittableRandom random;
  private long seen;

  Reservoir(int capacity, long seed) {
    this.values = new double[capacity];
    this.random = new SplittableRandom(seed);
  }

  void add(double value) {
    seen++;
    if (seen <= values.length) {
      values[(int) (seen - 1)] = value;
      return;
    }
    long slot = random.nextLong(seen);
    if (slot < values.length) {
      values[(int) slot] = value;
    }
  }

  /** A copy of the sample. */
  double[] snapshot() {
    return Arrays.copyOf(values, (int) Math.min(seen, values.length));
  }

  long seen() {
    return seen;
  }
}
