package dev.spotter.diff.noise;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction: a run judges many paths at once, and testing each at 1 % would let
 * one of thirty noisy paths pass for a change now and then. Holm keeps the chance of any false
 * alarm in the whole run at the significance level, and rejects at least what Bonferroni does.
 */
final class Holm {
  private Holm() {}

  /** Which hypotheses are rejected at family-wise level {@code alpha}. */
  static boolean[] reject(double[] p, double alpha) {
    int m = p.length;
    Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    boolean[] rejected = new boolean[m];
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      if (p[i] < alpha / (m - rank)) {
        rejected[i] = true;
      } else {
        break; // every larger p-value is kept as well
      }
    }
    return rejected;
  }
}
