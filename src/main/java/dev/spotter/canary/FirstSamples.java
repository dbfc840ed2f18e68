package dev.spotter.canary;

import java.util.Arrays;

/**
 * The first {@code capacity} values of a stream, in arrival order; later ones are dropped.
 * Append-only on purpose: the judge looks at a step's data again and again, and its anytime-valid
 * guarantee holds for data that only grow (each look sees what the previous one saw, and more). A
 * uniform reservoir would re-draw the sample at every look once full. Not thread-safe; {@link
 * ArmTally} guards it.
 */
final class FirstSamples {
  private double[] values = new double[256];
  private final int capacity;
  private int size;

  FirstSamples(int capacity) {
    this.capacity = capacity;
  }

  void add(double value) {
    if (size == capacity) {
      return;
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, Math.min(capacity, values.length * 2));
    }
    values[size++] = value;
  }

  /** A copy of the values kept. */
  double[] snapshot() {
    return Arrays.copyOf(values, size);
  }
}
